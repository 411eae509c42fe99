using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Audit;
using Volunteer.Domain.Common;
using Volunteer.Domain.Households;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Audit;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Households;

/// <summary>Staff take a resident of the community into a household; a member of another household is refused (409).</summary>
public sealed class AddHouseholdMember(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Household> ExecuteAsync(Actor actor, Guid householdId, Guid memberId, CancellationToken ct)
    {
        var household = await HouseholdAccess.LoadManagedAsync(db, actor, householdId, ct);
        var member = await MemberAccess.LoadManagedAsync(db, actor, memberId, ct);
        if (member.HouseholdId == household.Id)
            return household;
        household.AddMember(member);
        await AuditTrail.AddAsync(db, clock, actor, AuditAction.MemberChanged, member.Id, $"household {household.Id}: joined", ct);
        await db.SaveChangesAsync(ct);
        return household;
    }
}
