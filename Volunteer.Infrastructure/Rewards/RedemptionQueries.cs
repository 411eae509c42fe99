using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Rewards;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Partners;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Rewards;

/// <summary>The names a redemption answer shows: each partner's, each member's.</summary>
public sealed record RedemptionNames(IReadOnlyDictionary<Guid, string> Partners, IReadOnlyDictionary<Guid, string> Members);

/// <summary>Reads of redemptions: a resident's own, a partner organisation's for its staff. Registered like the use cases.</summary>
public sealed class RedemptionQueries(VolunteerDbContext db) : IUseCase
{
    /// <summary>How many codes the actor's organisation fulfilled since <paramref name="since"/> (today, at the counter).</summary>
    public Task<int> FulfilledSinceCountAsync(Actor actor, DateTimeOffset since, CancellationToken ct)
    {
        var partnerId = PartnerAccess.EnsurePartnerStaff(actor);
        return db.Redemptions.CountAsync(r => r.PartnerId == partnerId && r.Status == RedemptionStatus.Fulfilled && r.FulfilledAt >= since, ct);
    }

    /// <summary>The organisation's redemptions, newest first.</summary>
    public async Task<IReadOnlyList<Redemption>> RecentAsync(Actor actor, int take, CancellationToken ct)
    {
        var partnerId = PartnerAccess.EnsurePartnerStaff(actor);
        return await db.Redemptions.AsNoTracking().Where(r => r.PartnerId == partnerId)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(take).ToListAsync(ct);
    }

    /// <summary>A redemption its viewer may see (404 otherwise).</summary>
    public Task<Redemption> VisibleAsync(Actor actor, Guid redemptionId, CancellationToken ct) =>
        RedemptionAccess.LoadVisibleAsync(db, actor, redemptionId, ct);

    /// <summary>A resident's own redemptions, newest first (403 for anyone else).</summary>
    public IQueryable<Redemption> Mine(Actor actor, RedemptionStatus? status)
    {
        actor.EnsureResident();
        var query = db.Redemptions.AsNoTracking().Where(r => r.MemberId == actor.Id);
        if (status is { } s) query = query.Where(r => r.Status == s);
        return Newest(query);
    }

    /// <summary>The actor's organisation's redemptions, newest first (403 for anyone but its staff).</summary>
    public IQueryable<Redemption> OfOwnPartner(Actor actor, RedemptionStatus? status, Guid? rewardId)
    {
        var id = PartnerAccess.EnsurePartnerStaff(actor);
        var query = db.Redemptions.AsNoTracking().Where(r => r.PartnerId == id);
        if (status is { } s) query = query.Where(r => r.Status == s);
        if (rewardId is { } rid) query = query.Where(r => r.RewardId == rid);
        return Newest(query);
    }

    public async Task<RedemptionNames> NamesAsync(IReadOnlyList<Redemption> redemptions, CancellationToken ct)
    {
        var partnerIds = redemptions.Select(r => r.PartnerId).Distinct().ToList();
        var memberIds = redemptions.Select(r => r.MemberId).Distinct().ToList();
        if (redemptions.Count == 0)
            return new RedemptionNames(new Dictionary<Guid, string>(), new Dictionary<Guid, string>());
        var partners = await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var members = await db.Members.AsNoTracking().Where(m => memberIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        return new RedemptionNames(partners, members);
    }

    private static IQueryable<Redemption> Newest(IQueryable<Redemption> query) =>
        query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id);
}
