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

public static class HouseholdAccess
{
    /// <summary>A household of a community the actor manages (tracked); otherwise 404.</summary>
    public static async Task<Household> LoadManagedAsync(VolunteerDbContext db, Actor actor, Guid householdId, CancellationToken ct)
    {
        var household = await db.Households.SingleOrDefaultAsync(h => h.Id == householdId, ct);
        if (household is null || !(actor.IsStaff || actor.IsAdmin) || !await db.ManagesAsync(actor, household.CommunityId, ct))
            throw NotFound();
        return household;
    }

    public static DomainException NotFound() => HouseholdErrors.NotFound();

    public const string AddressTakenCode = "household.addressTaken";
    public const string AddressTakenMessage = "本社区已登记该门牌的住户。";
}

/// <summary>Staff register a household (户) at an address unit of their community, optionally naming its head.</summary>
public sealed class CreateHousehold(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Household> ExecuteAsync(Actor actor, Guid? communityId, string addressUnit, Guid? headMemberId, CancellationToken ct,
        Guid? buildingId = null)
    {
        actor.EnsureStaffOrAdmin();
        var target = communityId ?? (actor.IsStaff ? actor.CommunityId!.Value
            : throw DomainException.Invalid("communityId", "请指定住户所在社区。"));
        var community = await db.ManagedCommunityAsync(actor, target, ct);
        var household = Household.Create(community, addressUnit, actor.Id, clock.GetUtcNow());
        db.Households.Add(household);
        if (buildingId is { } b)
            household.PlaceIn(await BuildingAccess.InCommunityAsync(db, b, community.Id, ct), null);
        if (headMemberId is { } headId)
        {
            var head = await MemberAccess.LoadManagedAsync(db, actor, headId, ct);
            household.AddMember(head);
            household.SetHead(head);
            await AuditTrail.AddAsync(db, clock, actor, AuditAction.MemberChanged, head.Id, $"household {household.Id}: joined as head", ct);
        }
        await Unique.SaveAsync(db, HouseholdAccess.AddressTakenCode, HouseholdAccess.AddressTakenMessage, ct);
        return household;
    }
}

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
