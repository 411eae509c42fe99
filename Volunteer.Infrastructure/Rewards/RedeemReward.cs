using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Common;
using Volunteer.Domain.Points;
using Volunteer.Domain.Rewards;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Partners;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Points;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Observability;

namespace Volunteer.Infrastructure.Rewards;

/// <summary>
/// 积分兑换: a resident redeems a reward. In one transaction: the member's points are debited (a
/// redeem ledger entry), one item of stock is taken, and a redemption with its code is stored.
/// </summary>
/// <remarks>
/// Races. The transaction first locks the member's points account row. Every redemption by the
/// same member takes that lock first, so one member's redemptions run one after another: the
/// idempotency-key look-up and the count for the per-member limit then see every redemption the
/// member committed before, and the balance update refuses to go negative. Different members do
/// not wait for each other there; they meet only at the reward's stock, taken by one conditional
/// update. The unique indexes on (member, idempotency key) and on the ledger's (kind, source)
/// stay as the last line of defence.
/// </remarks>
public sealed class RedeemReward(VolunteerDbContext db, TimeProvider clock, PointsLedger ledger, IOptions<RedemptionOptions> options)
    : IUseCase
{
    public async Task<(Redemption Redemption, bool Replayed)> ExecuteAsync(Actor actor, Guid rewardId, string? idempotencyKey,
        string? note, CancellationToken ct)
    {
        actor.EnsureResident();
        var request = RedemptionRequest.Of(idempotencyKey, rewardId, note);
        if (await EarlierAsync(actor.Id, request, ct) is { } earlier)
        {
            VolunteerMetrics.Redemption("replayed");
            return (earlier, true);
        }

        var reward = await RewardAccess.LoadVisibleAsync(db, actor, rewardId, ct);
        var communityId = await db.Members.Where(m => m.Id == actor.Id).Select(m => m.CommunityId).SingleAsync(ct)
            ?? throw MemberErrors.NoCommunity();
        var now = clock.GetUtcNow();
        reward.EnsureRedeemableIn(communityId, now);
        if (!await db.ServesAsync(reward.PartnerId, communityId, now, ct))
            throw Reward.NotAvailable("该单位与您所在社区的共建协议不在有效期内，暂不能兑换。");

        try
        {
            return await db.InTransactionAsync(async () =>
            {
                await PointsSql.LockPointsAccountAsync(db, actor.Id, ct);
                if (await EarlierAsync(actor.Id, request, ct) is { } first)
                    return (first, true);
                var live = await db.Redemptions.CountAsync(r => r.MemberId == actor.Id && r.RewardId == rewardId
                    && (r.Status == RedemptionStatus.Pending || r.Status == RedemptionStatus.Fulfilled), ct);
                var redemption = reward.Redeem(actor.Id, communityId, live, request, options.Value.CodeLifetime, now);

                await ledger.PostAsync(LedgerEntry.Create(actor.Id, LedgerEntryKind.Redeem, -redemption.PointsCost, 0, redemption.Id,
                    $"积分兑换：{reward.Title}", actor.Id, communityId, null, now), ct);
                if (!await RewardStock.TryTakeAsync(db, rewardId, now, ct))
                    throw await WhyNoStockAsync(rewardId, communityId, now, ct);
                db.Redemptions.Add(redemption);
                await db.SaveChangesAsync(ct);
                VolunteerMetrics.Redemption("redeemed");
                return (redemption, false);
            }, ct);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e)
            && DatabaseErrors.ViolatedConstraint(e) is { } name && name.Contains("IdempotencyKey", StringComparison.Ordinal))
        {
            // Only reachable if the lock above did not serialise the two requests; answer as a retry would.
            return (await EarlierAsync(actor.Id, request, ct) ?? throw new InvalidOperationException("The winning redemption vanished.", e), true);
        }
    }

    private async Task<Redemption?> EarlierAsync(Guid memberId, RedemptionRequest request, CancellationToken ct)
    {
        var earlier = await db.Redemptions.AsNoTracking()
            .SingleOrDefaultAsync(r => r.MemberId == memberId && r.IdempotencyKey == request.IdempotencyKey, ct);
        earlier?.EnsureSameRequest(request);
        return earlier;
    }

    /// <summary>The stock update found nothing to take: say why, from the reward as it is now.</summary>
    private async Task<DomainException> WhyNoStockAsync(Guid rewardId, Guid communityId, DateTimeOffset now, CancellationToken ct)
    {
        var current = await db.Rewards.AsNoTracking().Include(r => r.Communities).SingleAsync(r => r.Id == rewardId, ct);
        try
        {
            current.EnsureRedeemableIn(communityId, now);
        }
        catch (DomainException e)
        {
            return e;
        }
        return Reward.OutOfStock();
    }
}
