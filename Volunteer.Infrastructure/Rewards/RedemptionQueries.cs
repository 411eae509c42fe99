using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Rewards;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Partners;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Rewards;

/// <summary>Reads of a partner organisation's redemptions for its staff. Registered like the use cases.</summary>
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
}
