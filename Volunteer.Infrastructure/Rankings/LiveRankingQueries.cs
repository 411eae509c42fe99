using Volunteer.Domain.Common;
using Volunteer.Domain.Rankings;
using Volunteer.Infrastructure.Common;

namespace Volunteer.Infrastructure.Rankings;

/// <summary>
/// The live leaderboard's reads, answered from the boards this process keeps (<see cref="LiveBoards"/>).
/// It takes no DbContext: a request that finds its board and home in memory touches no database
/// (the endpoint does not open the request's connection either). Registered like the use cases.
/// </summary>
public sealed class LiveRankingQueries(LiveBoards boards) : IUseCase
{
    /// <summary>
    /// A page of the live leaderboard of the month still running, with the names and, for a resident,
    /// their own place at any depth, answered from the boards this process keeps (<see cref="LiveBoards"/>:
    /// no database work while the board and the resident's home are fresh); then the same checks as
    /// <see cref="RankingQueries.PlaceAsync"/>: no scopeId and none of one's own 400, an unknown place 404
    /// <c>ranking.scopeNotFound</c>, another street 403 <c>ranking.forbidden</c>.
    /// </summary>
    /// <param name="depth">The board's depth: <see cref="Ranking.SnapshotDepth"/> (tests rank shallower boards).</param>
    public async Task<LiveStanding> LiveBoardAsync(Actor actor, Period month, RankingScope scope, Guid? scopeId, RankingList list,
        RankingMetric metric, int offset, int limit, int depth, CancellationToken ct)
    {
        // A resident's own place is found through their home; an account's from the account.
        var home = actor.IsResident ? await boards.HomeAsync(actor.Id, ct) : null;
        var id = scopeId
            ?? (actor.IsResident
                ? scope switch
                {
                    RankingScope.Grid => home?.GridId,
                    RankingScope.Community => home?.CommunityId,
                    _ => home?.StreetId,
                }
                : RankingAccess.AccountScopeId(actor, scope))
            ?? throw RankingAccess.ScopeIdRequired();
        var board = await boards.BoardAsync(new LiveBoards.BoardKey(month.Key, scope, id, list, metric, depth), ct);
        var place = board?.Place ?? throw RankingAccess.ScopeNotFound();
        RankingAccess.EnsureSameStreet(actor, place.StreetId, actor.IsResident ? home?.StreetId : actor.StreetId);
        var own = home is not null && board.PlaceOf(actor.Id) is var (value, rank)
            ? new RankingSql.NamedRow(actor.Id, home.Name, value, rank)
            : null;
        return new LiveStanding(place, board.Total, board.Page(offset, limit), own);
    }
}
