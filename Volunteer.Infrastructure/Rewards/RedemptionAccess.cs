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

    public static DomainException NotFound() => RedemptionErrors.NotFound();
}
