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
