using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Domain.Rankings;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Rankings;

/// <summary>
/// 月度排行榜: the snapshot of a month's rankings, by points and by hours, per grid, community and
/// street, for party members, residents and everyone. One set-based statement over the month's
/// running totals (<see cref="RankingSql.InsertRankingSnapshotAsync"/>); the totals of an ended
/// month no longer change, so the snapshot equals what the ledger gives for that month.
/// Points count where they were earned: a member who moved mid-month is ranked in both places.
/// </summary>
public sealed class MonthlyRankingJob(VolunteerDbContext db, IRunObserver observer) : IMonthlyJob
{
    public JobName Name => JobName.MonthlyRanking;

    public async Task<string> ComputeAsync(Period period, DateTimeOffset now, CancellationToken ct)
    {
        await MonthlyBatch.PrepareAsync(db, ct);
        var rows = await RankingSql.InsertRankingSnapshotAsync(db, period.Key, Ranking.SnapshotDepth, ct);
        await observer.StepCompletedAsync(Name, period, "snapshot", ct);
        return $"排行记录 {rows} 条";
    }
}
