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

/// <summary>Staff take a member out of a household; when they were its head, it has none until staff name one.</summary>
public sealed class RemoveHouseholdMember(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Household> ExecuteAsync(Actor actor, Guid householdId, Guid memberId, CancellationToken ct)
    {
        var household = await HouseholdAccess.LoadManagedAsync(db, actor, householdId, ct);
        var member = await db.Members.SingleOrDefaultAsync(m => m.Id == memberId && m.HouseholdId == household.Id, ct)
            ?? throw HouseholdErrors.MemberNotFound();
        await db.TakeOutAsync(household, member, ct);
        await AuditTrail.AddAsync(db, clock, actor, AuditAction.MemberChanged, member.Id, $"household {household.Id}: left", ct);
        await db.SaveChangesAsync(ct);
        return household;
    }
}
