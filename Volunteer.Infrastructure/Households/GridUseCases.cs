using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Households;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Communities;

namespace Volunteer.Infrastructure.Households;

public static class BuildingAccess
{
    /// <summary>A building of a community the actor manages (tracked); otherwise 404.</summary>
    public static async Task<Building> LoadManagedAsync(VolunteerDbContext db, Actor actor, Guid buildingId, CancellationToken ct)
    {
        var building = await db.Buildings.SingleOrDefaultAsync(b => b.Id == buildingId, ct);
        if (building is null || !(actor.IsStaff || actor.IsAdmin) || !await db.ManagesAsync(actor, building.CommunityId, ct))
            throw DomainException.NotFound("building.notFound", "楼栋不存在，或不属于您管理的社区。");
        return building;
    }

    /// <summary>A building of <paramref name="communityId"/> named in a request body: 400 when it is not one.</summary>
    public static async Task<Building> InCommunityAsync(VolunteerDbContext db, Guid buildingId, Guid communityId, CancellationToken ct) =>
        await db.Buildings.AsNoTracking().SingleOrDefaultAsync(b => b.Id == buildingId && b.CommunityId == communityId, ct)
        ?? throw DomainException.Invalid("buildingId", "楼栋不存在或不属于该户所在社区。");

    /// <summary>The grid of a household, through its building; null when it is not placed in a building.</summary>
    public static Task<Guid?> GridOfAsync(VolunteerDbContext db, Household household, CancellationToken ct) =>
        household.BuildingId is { } id
            ? db.Buildings.Where(b => b.Id == id).Select(b => (Guid?)b.GridId).SingleOrDefaultAsync(ct)
            : Task.FromResult<Guid?>(null);
}

/// <summary>Staff add a building (楼栋) to a grid of their community.</summary>
public sealed class CreateBuilding(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Building> ExecuteAsync(Actor actor, Guid gridId, string name, CancellationToken ct)
    {
        actor.EnsureStaffOrAdmin();
        var grid = await db.Grids.AsNoTracking().SingleOrDefaultAsync(g => g.Id == gridId, ct)
            ?? throw CommunityErrors.GridNotFound();
        await db.ManagedCommunityAsync(actor, grid.CommunityId, ct);
        var building = Building.Create(grid, name, clock.GetUtcNow());
        db.Buildings.Add(building);
        await Unique.SaveAsync(db, "building.duplicate", "本社区已有同名楼栋。", ct);
        return building;
    }
}

/// <summary>Staff rename a building or move it to another grid of the community; what is not given stays.</summary>
public sealed class UpdateBuilding(VolunteerDbContext db) : IUseCase
{
    public async Task<Building> ExecuteAsync(Actor actor, Guid buildingId, string? name, Guid? gridId, CancellationToken ct)
    {
        var building = await BuildingAccess.LoadManagedAsync(db, actor, buildingId, ct);
        if (name is not null)
            building.Rename(name);
        if (gridId is { } id && id != building.GridId)
        {
            var grid = await db.Grids.AsNoTracking().SingleOrDefaultAsync(g => g.Id == id, ct)
                ?? throw DomainException.Invalid("gridId", "网格不存在。");
            // 党员中心户 look after households of their own grid: a building with such ties moves only once they are undone.
            var tied = await db.Households.AnyAsync(h => h.BuildingId == building.Id
                && (h.CentralHouseholdId != null || db.CentralHouseholds.Any(c => c.HouseholdId == h.Id)), ct);
            if (tied)
                throw DomainException.Conflict("building.hasCentralHouseholds", "该楼栋有党员中心户或其联系的住户，请先调整后再更换网格。");
            building.MoveTo(grid);
        }
        await Unique.SaveAsync(db, "building.duplicate", "本社区已有同名楼栋。", ct);
        return building;
    }
}

/// <summary>Staff form or change a building's party group (楼栋党小组) and its leader, a confirmed party member.</summary>
public sealed class SetPartyGroup(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<PartyGroup> ExecuteAsync(Actor actor, Guid buildingId, string name, Guid leaderMemberId, CancellationToken ct)
    {
        var building = await BuildingAccess.LoadManagedAsync(db, actor, buildingId, ct);
        var leader = await MemberAccess.LoadManagedAsync(db, actor, leaderMemberId, ct);
        var group = await db.PartyGroups.SingleOrDefaultAsync(g => g.BuildingId == building.Id, ct);
        if (group is null)
        {
            group = PartyGroup.Form(building, name, leader, clock.GetUtcNow());
            db.PartyGroups.Add(group);
        }
        else
            group.Change(building, name, leader);
        await Unique.SaveAsync(db, "partyGroup.duplicate", "该楼栋的党小组刚刚已由他人建立，请刷新后修改。", ct);
        return group;
    }
}

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

public static class CentralHouseholdAccess
{
    /// <summary>A 党员中心户 of a community the actor manages (tracked), with its household; otherwise 404.</summary>
    public static async Task<(CentralHousehold Central, Household Household)> LoadManagedAsync(VolunteerDbContext db, Actor actor, Guid id,
        CancellationToken ct)
    {
        var central = await db.CentralHouseholds.SingleOrDefaultAsync(c => c.Id == id, ct)
            ?? throw HouseholdErrors.CentralHouseholdNotFound();
        try
        {
            return (central, await HouseholdAccess.LoadManagedAsync(db, actor, central.HouseholdId, ct));
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            throw HouseholdErrors.CentralHouseholdNotFound();
        }
    }
}

/// <summary>
/// Staff set the households a 党员中心户 looks after (the whole set: those left out are no longer its). Each must be of
/// the same grid, placed in a building, and not looked after by another 党员中心户 already.
/// </summary>
public sealed class SetCaredHouseholds(VolunteerDbContext db) : IUseCase
{
    public const int MaxHouseholds = 30;

    public async Task<CentralHousehold> ExecuteAsync(Actor actor, Guid centralHouseholdId, IReadOnlyCollection<Guid> householdIds, CancellationToken ct)
    {
        var (central, own) = await CentralHouseholdAccess.LoadManagedAsync(db, actor, centralHouseholdId, ct);
        var ids = householdIds.Distinct().ToList();
        if (ids.Count > MaxHouseholds)
            throw DomainException.Invalid("householdIds", $"一个党员中心户联系的住户不超过 {MaxHouseholds} 户。");
        var centralGrid = await BuildingAccess.GridOfAsync(db, own, ct);
        var targets = await db.Households.Where(h => ids.Contains(h.Id) && h.CommunityId == own.CommunityId).ToListAsync(ct);
        if (targets.Count != ids.Count)
            throw DomainException.Invalid("householdIds", "有住户不存在或不属于本社区。");
        var grids = await db.Buildings.Where(b => targets.Select(t => t.BuildingId).Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.GridId, ct);
        foreach (var target in targets)
        {
            if (target.CentralHouseholdId is { } other && other != central.Id)
                throw DomainException.Conflict("centralHousehold.householdTaken", $"住户 {target.AddressUnit} 已由其他党员中心户联系。");
            target.PutInCareOf(central, centralGrid, target.BuildingId is { } b ? grids[b] : null);
        }
        var dropped = await db.Households.Where(h => h.CentralHouseholdId == central.Id && !ids.Contains(h.Id)).ToListAsync(ct);
        foreach (var household in dropped)
            household.PutInCareOf(null, null, null);
        await db.SaveChangesAsync(ct);
        return central;
    }
}

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
