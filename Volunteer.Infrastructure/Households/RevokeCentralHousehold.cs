using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Households;

/// <summary>Staff end a 党员中心户 designation; the households it looked after are no longer looked after.</summary>
public sealed class RevokeCentralHousehold(VolunteerDbContext db) : IUseCase
{
    public async Task ExecuteAsync(Actor actor, Guid centralHouseholdId, CancellationToken ct)
    {
        var (central, _) = await CentralHouseholdAccess.LoadManagedAsync(db, actor, centralHouseholdId, ct);
        await db.RevokeCentralAsync(central, ct);
        await db.SaveChangesAsync(ct);
    }
}
