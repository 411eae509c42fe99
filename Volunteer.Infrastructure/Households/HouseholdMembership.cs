using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Households;
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
        await db.TakeOutAsync(household, member, ct);
    }

    /// <summary>
    /// Takes a member out of a household (tracked). When they were the party member answering for it as a 党员中心户,
    /// the designation ends with them: a 党员中心户 is a party member's household.
    /// </summary>
    public static async Task TakeOutAsync(this VolunteerDbContext db, Household household, Member member, CancellationToken ct)
    {
        var central = await db.CentralHouseholds.SingleOrDefaultAsync(c => c.HouseholdId == household.Id && c.PartyMemberId == member.Id, ct);
        if (central is not null)
            await db.RevokeCentralAsync(central, ct);
        household.RemoveMember(member);
    }
}
