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
                VolunteerMetrics.Redemption("cancelled");
                return redemption;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // Fulfilled or expired meanwhile: read it again, and the entity explains the refusal.
            }
        }
    }
}
