using Microsoft.AspNetCore.Authorization;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Infrastructure.Communities;
using Volunteer.Infrastructure.Rankings;

namespace Volunteer.Api.Console.Rankings;

/// <summary>
/// <c>/console/rankings</c> (排行与表彰): a community's points ranking and honour roll for a month —
/// the monthly snapshot of a past month, the live ranking of the running one. Street admins pick any
/// community of their street; same <see cref="RankingQueries"/> and access rules as <c>/api/v1/rankings</c>.
/// </summary>
[Authorize(Policy = ConsoleAuth.Admin)]
public sealed class IndexModel(RankingQueries rankings, AccountQueries street, TimeProvider clock) : ConsolePageModel
{
    public CommunityMonthRanking? Ranking { get; private set; }
    public IReadOnlyList<Community> Communities { get; private set; } = [];
    public IReadOnlyList<Period> Months { get; private set; } = [];

    public async Task OnGetAsync(Guid? communityId, string? period, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var month = QueryValues.NotFuture(QueryValues.OptionalPeriod(period) ?? Period.Of(now).Previous(), now, allowCurrent: true);
        Communities = await street.CommunitiesAsync(Actor, ct);
        var months = new List<Period> { Period.Of(now) };
        while (months.Count < 12)
            months.Add(months[^1].Previous());
        Months = months;
        if ((communityId ?? Communities.FirstOrDefault()?.Id) is { } id)
            Ranking = await rankings.CommunityMonthAsync(Actor, id, month, now, ct);
    }

    public string NameOf(Guid memberId) => Ranking!.Names.GetValueOrDefault(memberId, "");
}
