using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Rewards;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Partners;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Rewards;

/// <param name="PointsCost">Points per redemption (the cost when redeemed).</param>
/// <param name="Count">Redemptions fulfilled in the month.</param>
/// <param name="Points">Points those redemptions spent.</param>
public sealed record SettlementLine(Guid RewardId, string RewardTitle, int PointsCost, int Count, int Points);

public sealed record Settlement(Guid PartnerId, string PartnerName, Period Period, IReadOnlyList<SettlementLine> Lines)
{
    public int TotalCount => Lines.Sum(l => l.Count);
    public int TotalPoints => Lines.Sum(l => l.Points);
}

/// <summary>
/// 月度结算: what a partner handed over in a month (China time), per reward: redemptions fulfilled
/// (核销) and the points they spent. Counted by fulfilment time, so a month once past never changes.
/// </summary>
public sealed class MonthlySettlement(VolunteerDbContext db) : IUseCase
{
    public async Task<Settlement> ExecuteAsync(Actor actor, Guid? partnerId, Period period, CancellationToken ct)
    {
        var id = await PartnerAccess.ReadableAsync(db, actor, partnerId, ct);
        var partnerName = await db.Partners.Where(p => p.Id == id).Select(p => p.Name).SingleAsync(ct);
        var from = period.StartsAt;
        var to = period.EndsAt;
        var rows = await db.Redemptions.AsNoTracking()
            .Where(r => r.PartnerId == id && r.Status == RedemptionStatus.Fulfilled && r.FulfilledAt >= from && r.FulfilledAt < to)
            .GroupBy(r => new { r.RewardId, r.PointsCost })
            .Select(g => new { g.Key.RewardId, g.Key.PointsCost, Count = g.Count(), Points = g.Sum(r => r.PointsCost) })
            .ToListAsync(ct);
        var rewardIds = rows.Select(r => r.RewardId).Distinct().ToList();
        var titles = await db.Rewards.AsNoTracking().Where(r => rewardIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Title, ct);
        var lines = rows
            .Select(r => new SettlementLine(r.RewardId, titles[r.RewardId], r.PointsCost, r.Count, r.Points))
            .OrderByDescending(l => l.Points).ThenBy(l => l.RewardTitle, StringComparer.Ordinal)
            .ToList();
        return new Settlement(id, partnerName, period, lines);
    }
}
