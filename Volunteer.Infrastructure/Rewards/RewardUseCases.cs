using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Rewards;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Partners;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Rewards;

public static class RewardAccess
{
    /// <summary>A reward of the actor's own organisation (tracked); anyone else's is refused.</summary>
    public static async Task<Reward> LoadOwnAsync(VolunteerDbContext db, Actor actor, Guid rewardId, CancellationToken ct)
    {
        var partnerId = PartnerAccess.EnsurePartnerStaff(actor);
        var reward = await db.Rewards.Include(r => r.Communities).SingleOrDefaultAsync(r => r.Id == rewardId, ct) ?? throw NotFound();
        if (reward.PartnerId != partnerId)
            throw DomainException.Forbidden("reward.otherPartner", "只能管理本单位发布的奖品。");
        return reward;
    }

    /// <summary>
    /// A reward the actor sees (read-only, with its communities): one offered by a partner of their
    /// own street. Another street's reward is 404, as if it did not exist.
    /// </summary>
    public static async Task<Reward> LoadVisibleAsync(VolunteerDbContext db, Actor actor, Guid rewardId, CancellationToken ct)
    {
        var reward = await db.Rewards.AsNoTracking().Include(r => r.Communities).SingleOrDefaultAsync(r => r.Id == rewardId, ct)
            ?? throw NotFound();
        var streetId = await db.Partners.Where(p => p.Id == reward.PartnerId).Select(p => p.StreetId).SingleAsync(ct);
        if (!await PartnerAccess.SeesStreetAsync(db, actor, streetId, ct))
            throw NotFound();
        return reward;
    }

    public static DomainException NotFound() => DomainException.NotFound("reward.notFound", "奖品不存在。");
}

/// <summary>Partner staff publish a reward in communities their organisation serves.</summary>
public sealed class PublishReward(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Reward> ExecuteAsync(Actor actor, RewardTerms terms, IReadOnlyCollection<Guid> communityIds, CancellationToken ct)
    {
        var partnerId = PartnerAccess.EnsurePartnerStaff(actor);
        var now = clock.GetUtcNow();
        var reward = Reward.Publish(partnerId, terms, communityIds, actor.Id, now);
        var wanted = reward.Communities.Select(c => c.CommunityId).ToList();
        var served = await db.CoBuildingAgreements.InForce(now)
            .Where(a => a.PartnerId == partnerId && wanted.Contains(a.CommunityId))
            .Select(a => a.CommunityId).ToListAsync(ct);
        if (wanted.Except(served).Any())
            throw DomainException.Invalid("communityIds", "只能在本单位签有有效共建协议的社区发布奖品。");
        db.Rewards.Add(reward);
        await db.SaveChangesAsync(ct);
        return reward;
    }
}

public enum RewardChange
{
    Pause,
    Resume,
    End,
}

/// <summary>
/// Partner staff pause, resume or end (下架) a reward. Redemptions keep changing the reward's
/// version (stock), so a lost race is simply retried on a fresh read.
/// </summary>
public sealed class ChangeRewardStatus(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Reward> ExecuteAsync(Actor actor, Guid rewardId, RewardChange change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var reward = await RewardAccess.LoadOwnAsync(db, actor, rewardId, ct);
            var now = clock.GetUtcNow();
            switch (change)
            {
                case RewardChange.Pause: reward.Pause(now); break;
                case RewardChange.Resume: reward.Resume(now); break;
                default: reward.End(now); break;
            }
            try
            {
                await db.SaveChangesAsync(ct);
                return reward;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}

/// <summary>
/// Partner staff set how many can still be redeemed. The new figure is an absolute one typed
/// from what staff last saw, so a redemption in between makes it a 409 rather than a silent overwrite.
/// </summary>
public sealed class ChangeRewardStock(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Reward> ExecuteAsync(Actor actor, Guid rewardId, int stock, CancellationToken ct)
    {
        var reward = await RewardAccess.LoadOwnAsync(db, actor, rewardId, ct);
        reward.ChangeStock(stock, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
            return reward;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw DomainException.Conflict("reward.stockChanged", "库存刚刚因兑换发生了变化，请刷新后重新设置。");
        }
    }
}
