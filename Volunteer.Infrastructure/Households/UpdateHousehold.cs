using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Households;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Households;

/// <summary>Staff change a household's address unit (门牌) and / or name its head; what is not given stays.</summary>
public sealed class UpdateHousehold(VolunteerDbContext db) : IUseCase
{
    public async Task<Household> ExecuteAsync(Actor actor, Guid householdId, string? addressUnit, Guid? headMemberId, CancellationToken ct,
        Guid? buildingId = null)
    {
        var household = await HouseholdAccess.LoadManagedAsync(db, actor, householdId, ct);
        if (addressUnit is not null)
            household.Readdress(addressUnit);
        if (buildingId is { } b && b != household.BuildingId)
        {
            var building = await BuildingAccess.InCommunityAsync(db, b, household.CommunityId, ct);
            var previousGrid = await BuildingAccess.GridOfAsync(db, household, ct);
            if (building.GridId != previousGrid && await db.CentralHouseholds.AnyAsync(c => c.HouseholdId == household.Id, ct))
                throw DomainException.Conflict("centralHousehold.gridChange", "该户是党员中心户，迁往其他网格的楼栋前请先撤销。");
            household.PlaceIn(building, previousGrid);
        }
        if (headMemberId is { } headId)
        {
            var head = await db.Members.SingleOrDefaultAsync(m => m.Id == headId && m.HouseholdId == household.Id, ct)
                ?? throw DomainException.Invalid("headMemberId", "户主必须是本户成员。");
            household.SetHead(head);
        }
        await Unique.SaveAsync(db, HouseholdAccess.AddressTakenCode, HouseholdAccess.AddressTakenMessage, ct);
        return household;
    }
}
