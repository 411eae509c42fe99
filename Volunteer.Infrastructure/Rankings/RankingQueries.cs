using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Domain.Rankings;
using Volunteer.Domain.Recognition;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Rankings;

/// <summary>A place on a ranking: competition rank, member and points (or minutes).</summary>
public sealed record RankedMember(int Rank, Guid MemberId, int Value);

/// <summary>A community's standing for a month: the snapshot (or the live ranking of the running month) and its honour roll.</summary>
/// <param name="Computed">When the snapshot was computed (or the live ranking read); null when the month has no snapshot yet.</param>
public sealed record CommunityMonthRanking(RankingPlace Place, Period Month, bool Live, DateTimeOffset? Computed,
    IReadOnlyList<RankedMember> Rows, IReadOnlyList<Honor> Honors, IReadOnlyDictionary<Guid, string> Names);

/// <summary>A page of the live leaderboard for a viewer: the place, the board's total, the page and the viewer's own place (names unmasked).</summary>
public sealed record LiveStanding(RankingPlace Place, int Total, IReadOnlyList<RankingSql.NamedRow> Rows, RankingSql.NamedRow? Own);

/// <summary>Reads of the monthly ranking snapshots, the live leaderboard and honours, shared by the API and the console. Registered like the use cases.</summary>
public sealed class RankingQueries(VolunteerDbContext db, BoardQueries board) : IUseCase
{
    /// <summary>The completed monthly ranking run of <paramref name="month"/>, or null when it has not run yet.</summary>
    public Task<JobRun?> CompletedRunAsync(Period month, CancellationToken ct)
    {
        var key = month.Key;
        return db.JobRuns.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Job == JobName.MonthlyRanking && r.Period == key && r.Status == JobRunStatus.Completed, ct);
    }

    /// <summary>One snapshot ranking (kept unchanged once computed), by rank.</summary>
    public IQueryable<RankingEntry> Snapshot(Period month, RankingScope scope, Guid scopeId, RankingList list, RankingMetric metric)
    {
        var key = month.Key;
        return db.RankingEntries.AsNoTracking()
            .Where(e => e.Period == key && e.Scope == scope && e.ScopeId == scopeId && e.List == list && e.Metric == metric)
            .OrderBy(e => e.Rank).ThenBy(e => e.MemberId);
    }

    /// <summary>
    /// A community's points ranking (everyone) and honour roll for a month, for those who may see the
    /// street's rankings: the snapshot for a past month, the live ranking for the running one.
    /// </summary>
    public async Task<CommunityMonthRanking> CommunityMonthAsync(Actor actor, Guid communityId, Period month, DateTimeOffset now, CancellationToken ct)
    {
        var place = await RankingAccess.ResolveAsync(db, actor, RankingScope.Community, communityId, ct);
        var live = month == Period.Of(now);
        IReadOnlyList<RankedMember> rows;
        DateTimeOffset? computed;
        if (live)
        {
            var (_, ranked) = await RankingSql.LiveRankingAsync(db, month.Key, RankingScope.Community, place.Id, RankingList.Everyone,
                RankingMetric.Points, Ranking.SnapshotDepth, 0, Ranking.SnapshotDepth, ct);
            rows = ranked.Select(r => new RankedMember(r.Rank, r.MemberId, r.Value)).ToList();
            computed = now;
        }
        else
        {
            var run = await CompletedRunAsync(month, ct);
            computed = run is null ? null : run.FinishedAt ?? run.StartedAt;
            rows = run is null
                ? []
                : await Snapshot(month, RankingScope.Community, place.Id, RankingList.Everyone, RankingMetric.Points)
                    .Select(e => new RankedMember(e.Rank, e.MemberId, e.Value)).ToListAsync(ct);
        }
        var key = month.Key;
        // Ordered here, not in SQL: the kind is stored as text, and 月度服务之星 comes before 优秀党员.
        var honors = (await db.Honors.AsNoTracking().Where(h => h.CommunityId == place.Id && h.Period == key).ToListAsync(ct))
            .OrderBy(h => h.Kind).ThenBy(h => h.Rank).ThenBy(h => h.MemberId).ToList();
        var names = await board.NamesAsync(rows.Select(r => r.MemberId).Concat(honors.Select(h => h.MemberId)).Distinct(), ct);
        return new CommunityMonthRanking(place, month, live, computed, rows, honors, names);
    }

    /// <summary>The grid, community or street a ranking is asked for, if the viewer may see it (see <see cref="RankingAccess.ResolveAsync"/>).</summary>
    public Task<RankingPlace> PlaceAsync(Actor actor, RankingScope scope, Guid? scopeId, CancellationToken ct) =>
        RankingAccess.ResolveAsync(db, actor, scope, scopeId, ct);

    /// <summary>The completed monthly ranking run of a month; 404 <c>ranking.notReady</c> before it.</summary>
    public async Task<JobRun> SnapshotRunAsync(Period month, CancellationToken ct) =>
        await CompletedRunAsync(month, ct)
            ?? throw DomainException.NotFound("ranking.notReady", $"{month} 的排行榜尚未生成（每月 1 日 01:00 生成上月排行）。");

    public Task<IReadOnlyDictionary<Guid, string>> NamesAsync(IEnumerable<Guid> memberIds, CancellationToken ct) => board.NamesAsync(memberIds, ct);
}
