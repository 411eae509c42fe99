using Volunteer.Domain.Households;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Governance;

/// <summary>Households for the governance tests, built through the domain as staff would register them.</summary>
internal static class Households
{
    public static Task<Guid> NewHouseholdAsync(this ApiFactory api, Place place, string addressUnit, Person? head, params Person[] others) =>
        api.DbAsync(async db =>
        {
            var community = await db.Communities.FindAsync(place.CommunityId);
            var household = Household.Create(community!, addressUnit, place.Staff.Id, api.Clock.GetUtcNow());
            db.Households.Add(household);
            foreach (var person in (head is null ? others : others.Prepend(head)))
            {
                var member = await db.Members.FindAsync(person.Id);
                household.AddMember(member!);
            }
            if (head is not null)
                household.SetHead((await db.Members.FindAsync(head.Id))!);
            await db.SaveChangesAsync();
            return household.Id;
        });
}
