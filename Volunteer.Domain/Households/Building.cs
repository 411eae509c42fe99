using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;

namespace Volunteer.Domain.Households;

/// <summary>楼栋: a building or courtyard of a community, in one grid (网格). Households live in buildings.</summary>
public sealed class Building
{
    public const int MaxNameLength = 50;

    private Building() { }

    public Guid Id { get; private set; }
    public Guid CommunityId { get; private set; }
    public Guid GridId { get; private set; }
    /// <summary>e.g. "3栋", "南苑小区 5 号楼"; unique within the community.</summary>
    public string Name { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; private set; }

    public static Building Create(Grid grid, string name, DateTimeOffset now)
    {
        var building = new Building { Id = Ids.NewV7(now), CommunityId = grid.CommunityId, GridId = grid.Id, CreatedAt = now };
        building.Rename(name);
        return building;
    }

    public void Rename(string name) => Name = Guard.Text(name, "name", "楼栋名称", MaxNameLength);

    /// <summary>Moves the building to another grid of the same community (网格调整).</summary>
    public void MoveTo(Grid grid)
    {
        if (grid.CommunityId != CommunityId)
            throw DomainException.Invalid("gridId", "网格不属于该楼栋所在社区。");
        GridId = grid.Id;
    }
}

/// <summary>楼栋党小组: the party group of one building, led by a confirmed party member of the community.</summary>
public sealed class PartyGroup
{
    public const int MaxNameLength = 50;

    private PartyGroup() { }

    public Guid Id { get; private set; }
    /// <summary>The building the group is formed in; one group per building.</summary>
    public Guid BuildingId { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>党小组长: a confirmed party member of the building's community.</summary>
    public Guid LeaderMemberId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; private set; }

    public static PartyGroup Form(Building building, string name, Member leader, DateTimeOffset now)
    {
        var group = new PartyGroup { Id = Ids.NewV7(now), BuildingId = building.Id, CreatedAt = now };
        group.Change(building, name, leader);
        return group;
    }

    public void Change(Building building, string name, Member leader)
    {
        if (building.Id != BuildingId)
            throw new InvalidOperationException("The party group belongs to another building.");
        if (!leader.IsConfirmedPartyMember)
            throw DomainException.Invalid("leaderMemberId", "党小组长须是已确认身份的党员。");
        if (leader.CommunityId != building.CommunityId)
            throw DomainException.Invalid("leaderMemberId", "党小组长须是本社区居民。");
        Name = Guard.Text(name, "name", "党小组名称", MaxNameLength);
        LeaderMemberId = leader.Id;
    }
}

/// <summary>
/// 党员中心户: the household of a confirmed party member that looks after a set of households of its grid
/// (about ten). The households it looks after point to it (<see cref="Household.CentralHouseholdId"/>).
/// </summary>
public sealed class CentralHousehold
{
    private CentralHousehold() { }

    public Guid Id { get; private set; }
    /// <summary>The party member's household; one designation per household.</summary>
    public Guid HouseholdId { get; private set; }
    /// <summary>The confirmed party member of that household who answers for it.</summary>
    public Guid PartyMemberId { get; private set; }
    public Guid DesignatedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Designates <paramref name="household"/>, placed in a building, as a 党员中心户 answered for by <paramref name="partyMember"/>.</summary>
    public static CentralHousehold Designate(Household household, Member partyMember, Guid staffAccountId, DateTimeOffset now)
    {
        if (household.BuildingId is null)
            throw DomainException.Conflict("centralHousehold.noBuilding", "请先为该户指定所在楼栋，党员中心户按网格联系住户。");
        if (partyMember.HouseholdId != household.Id)
            throw DomainException.Invalid("partyMemberId", "党员须是该户成员。");
        if (!partyMember.IsConfirmedPartyMember)
            throw DomainException.Invalid("partyMemberId", "党员中心户须由已确认身份的党员担任。");
        return new CentralHousehold
        {
            Id = Ids.NewV7(now),
            HouseholdId = household.Id,
            PartyMemberId = partyMember.Id,
            DesignatedBy = staffAccountId,
            CreatedAt = now,
        };
    }
}
