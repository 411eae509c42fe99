using Volunteer.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Jobs;
using Volunteer.Domain.Points;
using Volunteer.Domain.Rankings;
using Volunteer.Domain.Recognition;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Points;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Notifications;

namespace Volunteer.Infrastructure.Recognition;

/// <summary>
/// 月度表彰: from a month's ranking snapshot, each community's top N by points receive an honour
/// (月度服务之星 from the overall list, 优秀党员 from the party list), with the community's bonus as
/// a <c>bonus</c> ledger entry whose source is the honour. It all commits with the run, so an
/// interrupted run pays nothing and the next one pays everyone once.
/// </summary>
public sealed class RecognitionJob(VolunteerDbContext db, PointsLedger ledger, IRunObserver observer) : IMonthlyJob
{
    public JobName Name => JobName.Recognition;

    public async Task<string> ComputeAsync(Period period, DateTimeOffset now, CancellationToken ct)
    {
        var key = period.Key;
        var configured = await db.HonorSettings.AsNoTracking().ToDictionaryAsync(s => s.CommunityId, ct);
        var deepest = configured.Values.Where(s => s.Enabled).Select(s => s.TopN).Append(HonorSettings.Default(Guid.Empty).TopN).Max();

        // Only the top ranks can win: at most a few rows per community, whatever the street's size.
        var candidates = await db.RankingEntries.AsNoTracking()
            .Where(e => e.Period == key && e.Scope == RankingScope.Community && e.Metric == RankingMetric.Points
                && (e.List == RankingList.Everyone || e.List == RankingList.Party) && e.Rank <= deepest)
            .OrderBy(e => e.ScopeId).ThenBy(e => e.List).ThenBy(e => e.Rank).ThenBy(e => e.MemberId)
            .ToListAsync(ct);
        var communityIds = candidates.Select(e => e.ScopeId).Distinct().ToList();
        var names = await db.Communities.AsNoTracking().Where(c => communityIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);

        var honors = new List<Honor>();
        foreach (var entry in candidates)
        {
            var settings = configured.GetValueOrDefault(entry.ScopeId) ?? HonorSettings.Default(entry.ScopeId);
            foreach (var (kind, list) in settings.Kinds())
                if (entry.List == list && settings.Honors(entry.Rank))
                    honors.Add(Honor.Award(period, entry.ScopeId, entry.MemberId, kind, entry.Rank, entry.Value, settings.BonusPoints, now));
        }

        var bonus = 0;
        foreach (var honor in honors)
        {
            db.Honors.Add(honor);
            db.Notify(Notification.HonourGranted(honor, now));
            if (honor.BonusPoints > 0)
            {
                // Posting saves the honour with its entry; (bonus, honour id) is unique in the ledger.
                await ledger.PostAsync(LedgerEntry.Create(honor.MemberId, LedgerEntryKind.Bonus, honor.BonusPoints, 0, honor.Id,
                    honor.BonusReason(names[honor.CommunityId]), null, honor.CommunityId, null, now), ct);
                bonus += honor.BonusPoints;
            }
            else
            {
                await db.SaveChangesAsync(ct);
            }
            await observer.StepCompletedAsync(Name, period, $"honor:{honor.CommunityId}:{honor.Kind}:{honor.MemberId}", ct);
        }
        db.ChangeTracker.Clear();
        return bonus > 0 ? $"表彰 {honors.Count} 人次，奖励积分 {bonus} 分" : $"表彰 {honors.Count} 人次";
    }
}
