using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Households;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Households;

public static class CentralHouseholdRules
{
    /// <summary>Ends a designation (tracked; saved by the caller): its households are released, the row goes.</summary>
    public static async Task RevokeCentralAsync(this VolunteerDbContext db, CentralHousehold central, CancellationToken ct)
    {
        foreach (var household in await db.Households.Where(h => h.CentralHouseholdId == central.Id).ToListAsync(ct))
            household.PutInCareOf(null, null, null);
        db.CentralHouseholds.Remove(central);
    }
}
