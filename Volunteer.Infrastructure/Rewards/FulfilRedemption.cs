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
using Volunteer.Infrastructure.Observability;

namespace Volunteer.Infrastructure.Rewards;

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
                ?? throw RedemptionErrors.NotFound();
            var now = clock.GetUtcNow();
            if (redemption.PartnerId == partnerId && redemption.IsExpiredBy(now)
                && !await expiry.TryExpireAsync(redemption, now, ct) && attempt < 3)
                continue;
            redemption.Fulfil(partnerId, actor.Id, now);
            try
            {
                await db.SaveChangesAsync(ct);
                VolunteerMetrics.Redemption("fulfilled");
                return redemption;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
