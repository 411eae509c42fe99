using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Households;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Households;

public static class CentralHouseholdAccess
{
    /// <summary>A 党员中心户 of a community the actor manages (tracked), with its household; otherwise 404.</summary>
    public static async Task<(CentralHousehold Central, Household Household)> LoadManagedAsync(VolunteerDbContext db, Actor actor, Guid id,
        CancellationToken ct)
    {
        var central = await db.CentralHouseholds.SingleOrDefaultAsync(c => c.Id == id, ct)
            ?? throw HouseholdErrors.CentralHouseholdNotFound();
        try
        {
            return (central, await HouseholdAccess.LoadManagedAsync(db, actor, central.HouseholdId, ct));
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            throw HouseholdErrors.CentralHouseholdNotFound();
        }
    }
}
