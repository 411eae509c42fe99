using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Households;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Households;

/// <summary>Staff designate a household as a 党员中心户, answered for by a confirmed party member living in it.</summary>
public sealed class DesignateCentralHousehold(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<CentralHousehold> ExecuteAsync(Actor actor, Guid householdId, Guid partyMemberId, CancellationToken ct)
    {
        var household = await HouseholdAccess.LoadManagedAsync(db, actor, householdId, ct);
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == partyMemberId && m.HouseholdId == household.Id, ct)
            ?? throw DomainException.Invalid("partyMemberId", "党员须是该户成员。");
        var central = CentralHousehold.Designate(household, member, actor.Id, clock.GetUtcNow());
        db.CentralHouseholds.Add(central);
        await Unique.SaveAsync(db, "centralHousehold.duplicate", "该户已是党员中心户。", ct);
        return central;
    }
}
