using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Rewards;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Partners;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Rewards;

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
