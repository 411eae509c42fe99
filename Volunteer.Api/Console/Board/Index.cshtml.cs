using Microsoft.AspNetCore.Authorization;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Infrastructure.Rankings;

namespace Volunteer.Api.Console.Board;

/// <summary><c>/console/board</c>: the community's 积分公示 for a month, as residents see it (names masked).</summary>
[Authorize(Policy = ConsoleAuth.Staff)]
public sealed class IndexModel(BoardQueries board, TimeProvider clock) : ConsolePageModel
{
    public sealed record Line(int Rank, string Name, int Points, int Minutes);

    public Community Community { get; private set; } = null!;
    public Period Month { get; private set; }
    public IReadOnlyList<Period> Months { get; private set; } = [];
    public IReadOnlyList<Line> Lines { get; private set; } = [];

    public async Task OnGetAsync(string? period, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        Month = QueryValues.NotFuture(QueryValues.OptionalPeriod(period) ?? Period.Of(now), now, allowCurrent: true);
        Community = await board.CommunityAsync(Actor, Actor.CommunityId!.Value, ct);
        var months = new List<Period> { Period.Of(now) };
        while (months.Count < 12)
            months.Add(months[^1].Previous());
        Months = months;
        var rows = await board.TopAsync(Community.Id, Month, 500, ct);
        var names = await board.NamesAsync(rows.Select(r => r.MemberId), ct);
        Lines = rows.Select((r, i) => new Line(i + 1, Masking.Name(names.GetValueOrDefault(r.MemberId, "")), r.Points, r.Minutes)).ToList();
    }
}
