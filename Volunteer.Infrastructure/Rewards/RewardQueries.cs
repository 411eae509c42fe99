using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Rewards;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Partners;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Rewards;

/// <summary>Reads of a partner organisation's own rewards, shared by the API and the console. Registered like the use cases.</summary>
public sealed class RewardQueries(VolunteerDbContext db) : IUseCase
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
