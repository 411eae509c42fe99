using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Households;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Audit;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Households;

public static class HouseholdAccess
{
    /// <summary>A household of a community the actor manages (tracked); otherwise 404.</summary>
    public static async Task<Household> LoadManagedAsync(VolunteerDbContext db, Actor actor, Guid householdId, CancellationToken ct)
    {
        var household = await db.Households.SingleOrDefaultAsync(h => h.Id == householdId, ct);
        if (household is null || !(actor.IsStaff || actor.IsAdmin) || !await db.ManagesAsync(actor, household.CommunityId, ct))
            throw NotFound();
        return household;
    }

    public static DomainException NotFound() => HouseholdErrors.NotFound();

    public const string AddressTakenCode = "household.addressTaken";
    public const string AddressTakenMessage = "本社区已登记该门牌的住户。";
}
