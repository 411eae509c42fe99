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
            return (earlier, true);

        var reward = await RewardAccess.LoadVisibleAsync(db, actor, rewardId, ct);
        var communityId = await db.Members.Where(m => m.Id == actor.Id).Select(m => m.CommunityId).SingleAsync(ct)
            ?? throw DomainException.Conflict("member.noCommunity", "请先在“我的资料”中设置所属社区，再兑换奖品。");
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

/// <summary>
/// Ends a pending redemption with its points and stock returned, once: the redemption's version
/// lets only one of cancel / fulfil / expire through, and the refund's ledger source is the
/// redemption, so a second refund would also break the ledger's unique (kind, source) index.
/// </summary>
internal static class RedemptionRefund
{
    /// <param name="redemption">Tracked, already moved to cancelled or expired.</param>
    public static Task CommitAsync(VolunteerDbContext db, PointsLedger ledger, Redemption redemption, Guid? actorId, string reason,
        DateTimeOffset now, CancellationToken ct) =>
        db.InTransactionAsync(async () =>
        {
            db.Notify(Notification.RedemptionRefunded(redemption, now));
            await db.SaveChangesAsync(ct);
            await ledger.PostAsync(LedgerEntry.Create(redemption.MemberId, LedgerEntryKind.Refund, redemption.PointsCost, 0, redemption.Id,
                reason, actorId, redemption.CommunityId, null, now), ct);
            await RewardStock.ReturnAsync(db, redemption.RewardId, ct);
            return 0;
        }, ct);
}

/// <summary>
/// Unfulfilled redemptions expire after <see cref="RedemptionOptions.ExpiryDays"/>: points and stock
/// come back. Safe to run twice or concurrently (scheduler, start-up, a request that meets an
/// expired code): each redemption expires once, whoever gets there first.
/// </summary>
public sealed class ExpireRedemptions(VolunteerDbContext db, TimeProvider clock, PointsLedger ledger, ILogger<ExpireRedemptions> logger)
    : IUseCase
{
    private const int BatchSize = 200;

    /// <returns>How many redemptions this run expired.</returns>
    public async Task<int> ExecuteAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var expired = 0;
        while (true)
        {
            var due = await db.Redemptions.AsNoTracking()
                .Where(r => r.Status == RedemptionStatus.Pending && r.ExpiresAt <= now)
                .OrderBy(r => r.ExpiresAt).Select(r => r.Id).Take(BatchSize).ToListAsync(ct);
            var progress = 0;
            foreach (var id in due)
            {
                try
                {
                    var redemption = await db.Redemptions.SingleAsync(r => r.Id == id, ct);
                    if (await TryExpireAsync(redemption, now, ct))
                        progress++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One bad row must not keep every later one from expiring; the next run retries it.
                    logger.LogError(e, "Could not expire redemption {RedemptionId}", id);
                }
                db.ChangeTracker.Clear();
            }
            expired += progress;
            if (due.Count < BatchSize || progress == 0)
                break;
        }
        if (expired > 0)
            logger.LogInformation("Expired {Count} unfulfilled redemptions and refunded their points", expired);
        return expired;
    }

    /// <summary>Expires one tracked redemption if it is due; false when it is not, or another transition won.</summary>
    internal async Task<bool> TryExpireAsync(Redemption redemption, DateTimeOffset now, CancellationToken ct)
    {
        if (!redemption.ExpireIfDue(now))
            return false;
        try
        {
            await RedemptionRefund.CommitAsync(db, ledger, redemption, null, $"兑换码过期退回：{redemption.RewardTitle}", now, ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }
}

/// <summary>The resident cancels a pending redemption: points and stock come back.</summary>
public sealed class CancelRedemption(VolunteerDbContext db, TimeProvider clock, PointsLedger ledger, ExpireRedemptions expiry) : IUseCase
{
    public async Task<Redemption> ExecuteAsync(Actor actor, Guid redemptionId, CancellationToken ct)
    {
        actor.EnsureResident();
        for (var attempt = 1; ; attempt++)
        {
            var redemption = await db.Redemptions.SingleOrDefaultAsync(r => r.Id == redemptionId && r.MemberId == actor.Id, ct)
                ?? throw RedemptionAccess.NotFound();
            var now = clock.GetUtcNow();
            // Past its time but not yet swept: expire it now (the refund is due anyway); Cancel then says so.
            if (redemption.IsExpiredBy(now) && !await expiry.TryExpireAsync(redemption, now, ct) && attempt < 3)
                continue;
            redemption.Cancel(actor.Id, now);
            try
            {
                await RedemptionRefund.CommitAsync(db, ledger, redemption, actor.Id, $"取消兑换退回：{redemption.RewardTitle}", now, ct);
                return redemption;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // Fulfilled or expired meanwhile: read it again, and the entity explains the refusal.
            }
        }
    }
}

/// <summary>核销: partner staff verify a code at the counter and hand the reward over.</summary>
public sealed class FulfilRedemption(VolunteerDbContext db, TimeProvider clock, ExpireRedemptions expiry) : IUseCase
{
    public async Task<Redemption> ExecuteAsync(Actor actor, string? code, CancellationToken ct)
    {
        var partnerId = PartnerAccess.EnsurePartnerStaff(actor);
        var normalized = RedemptionCode.Normalize(code);
        for (var attempt = 1; ; attempt++)
        {
            var redemption = await db.Redemptions.SingleOrDefaultAsync(r => r.Code == normalized, ct)
                ?? throw DomainException.NotFound("redemption.notFound", "兑换码不存在，请核对后重新输入。");
            var now = clock.GetUtcNow();
            if (redemption.PartnerId == partnerId && redemption.IsExpiredBy(now)
                && !await expiry.TryExpireAsync(redemption, now, ct) && attempt < 3)
                continue;
            redemption.Fulfil(partnerId, actor.Id, now);
            try
            {
                await db.SaveChangesAsync(ct);
                return redemption;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}

public static class RedemptionAccess
{
    /// <summary>The member who redeemed sees it; so do staff of the reward's partner. For anyone else it does not exist.</summary>
    public static async Task<Redemption> LoadVisibleAsync(VolunteerDbContext db, Actor actor, Guid redemptionId, CancellationToken ct)
    {
        var redemption = await db.Redemptions.AsNoTracking().SingleOrDefaultAsync(r => r.Id == redemptionId, ct);
        if (redemption is null || !CanSee(actor, redemption))
            throw NotFound();
        return redemption;
    }

    public static bool CanSee(Actor actor, Redemption redemption) =>
        (actor.IsResident && redemption.MemberId == actor.Id) || (actor.IsPartnerStaff && redemption.PartnerId == actor.PartnerId);

    public static DomainException NotFound() => DomainException.NotFound("redemption.notFound", "兑换记录不存在。");
}
