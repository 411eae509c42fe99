using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Households;

public static class HouseholdMembership
{
    /// <summary>
    /// Takes a member out of their household, if they have one (tracked, saved by the caller): a move to
    /// another community or an erasure leaves the household first, clearing them as head when they were.
    /// </summary>
    public static async Task LeaveHouseholdAsync(this VolunteerDbContext db, Member member, CancellationToken ct)
    {
        if (member.HouseholdId is not { } id)
            return;
        var household = await db.Households.SingleAsync(h => h.Id == id, ct);
        household.RemoveMember(member);
    }
}
