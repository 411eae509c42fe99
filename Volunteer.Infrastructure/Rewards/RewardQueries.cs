using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Partners;
using Volunteer.Domain.Rewards;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Partners;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Rewards;

/// <summary>
/// What a reward answer shows beside the rewards: each one's partner (with badges) and, for a resident, how many
/// live redemptions they hold of each.
/// </summary>
public sealed record RewardContext(IReadOnlyDictionary<Guid, Partner> Partners, IReadOnlyDictionary<Guid, int> HeldByViewer);

/// <summary>Reads of rewards: the offer residents see and a partner organisation's own. Shared by the API and the console. Registered like the use cases.</summary>
public sealed class RewardQueries(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    /// <summary>All rewards of the actor's organisation (active, paused and ended), newest first.</summary>
    public IQueryable<Reward> Own(Actor actor, RewardStatus? status)
    {
        var partnerId = PartnerAccess.EnsurePartnerStaff(actor);
        var query = db.Rewards.AsNoTracking().Include(r => r.Communities).Where(r => r.PartnerId == partnerId);
        if (status is { } s)
            query = query.Where(r => r.Status == s);
        return query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id);
    }

    public async Task<IReadOnlyList<Reward>> OwnAsync(Actor actor, int take, CancellationToken ct) =>
        await Own(actor, null).Take(take).ToListAsync(ct);

    /// <summary>
    /// What can be redeemed now in the viewed community (see <see cref="PartnerAccess.ViewedCommunityAsync"/>): active,
    /// in stock and valid rewards offered there by partners serving it; cheapest first.
    /// </summary>
    public async Task<IQueryable<Reward>> OfferedAsync(Actor actor, Guid? communityId, Guid? partnerId, PartnerKind? kind, CancellationToken ct)
    {
        var community = await PartnerAccess.ViewedCommunityAsync(db, actor, communityId, ct);
        var now = clock.GetUtcNow();
        var serving = db.CoBuildingAgreements.InForce(now).Where(a => a.CommunityId == community).Select(a => a.PartnerId);
        var query = db.Rewards.AsNoTracking().Include(r => r.Communities)
            .Where(r => r.Status == RewardStatus.Active && r.Stock > 0 && r.ValidFrom <= now && r.ValidUntil > now
                && r.Communities.Any(c => c.CommunityId == community) && serving.Contains(r.PartnerId));
        if (partnerId is { } p) query = query.Where(r => r.PartnerId == p);
        if (kind is { } k) query = query.Where(r => db.Partners.Any(x => x.Id == r.PartnerId && x.Kind == k));
        return query.OrderBy(r => r.PointsCost).ThenBy(r => r.Id);
    }

    /// <summary>A reward of the viewer's street (404 otherwise).</summary>
    public Task<Reward> VisibleAsync(Actor actor, Guid rewardId, CancellationToken ct) => RewardAccess.LoadVisibleAsync(db, actor, rewardId, ct);

    public async Task<RewardContext> ContextAsync(Actor viewer, IReadOnlyList<Reward> rewards, CancellationToken ct)
    {
        if (rewards.Count == 0)
            return new RewardContext(new Dictionary<Guid, Partner>(), new Dictionary<Guid, int>());
        var partnerIds = rewards.Select(r => r.PartnerId).Distinct().ToList();
        var partners = await db.Partners.AsNoTracking().Include(p => p.Badges).Where(p => partnerIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, ct);
        var mine = new Dictionary<Guid, int>();
        if (viewer.IsResident)
        {
            var ids = rewards.Select(r => r.Id).ToList();
            mine = await db.Redemptions.AsNoTracking()
                .Where(r => r.MemberId == viewer.Id && ids.Contains(r.RewardId)
                    && (r.Status == RedemptionStatus.Pending || r.Status == RedemptionStatus.Fulfilled))
                .GroupBy(r => r.RewardId).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        }
        return new RewardContext(partners, mine);
    }

    /// <summary>The communities the actor's organisation may publish in today: those with a co-building agreement in force.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> PublishableCommunitiesAsync(Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var partnerId = PartnerAccess.EnsurePartnerStaff(actor);
        var rows = await db.CoBuildingAgreements.InForce(now).Where(a => a.PartnerId == partnerId)
            .Join(db.Communities, a => a.CommunityId, c => c.Id, (a, c) => new { c.Id, c.Name })
            .OrderBy(c => c.Name).ThenBy(c => c.Id).ToListAsync(ct);
        return rows.Select(r => (r.Id, r.Name)).ToList();
    }
}
