using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Households;
using Volunteer.Domain.Members;
using static Volunteer.Tests.Domain.Builders;

namespace Volunteer.Tests.Domain;

public class FiveLevelGridRulesTests
{
    [Fact]
    public void A_party_group_is_led_by_a_confirmed_party_member_of_the_buildings_community()
    {
        var home = Community();
        var building = Building.Create(Grid.Create(home.Id, "第一网格", null, Now), "3栋", Now);

        Assert.Equal("leaderMemberId", Assert.Throws<DomainException>(() => PartyGroup.Form(building, "3栋党小组", Resident(home), Now)).Field);
        Assert.Equal("leaderMemberId", Assert.Throws<DomainException>(() =>
            PartyGroup.Form(building, "3栋党小组", Resident(confirmedPartyMember: true), Now)).Field);

        var leader = Resident(home, confirmedPartyMember: true);
        var group = PartyGroup.Form(building, "3栋党小组", leader, Now);
        Assert.Equal((building.Id, leader.Id), (group.BuildingId, group.LeaderMemberId));
    }

    [Fact]
    public void A_building_moves_only_to_a_grid_of_its_own_community()
    {
        var home = Community();
        var building = Building.Create(Grid.Create(home.Id, "第一网格", null, Now), "3栋", Now);
        Assert.Equal("gridId", Assert.Throws<DomainException>(() => building.MoveTo(Grid.Create(Community().Id, "外网格", null, Now))).Field);
        var second = Grid.Create(home.Id, "第二网格", null, Now);
        building.MoveTo(second);
        Assert.Equal(second.Id, building.GridId);
    }

    [Fact]
    public void A_central_household_is_a_placed_household_answered_for_by_one_of_its_confirmed_party_members()
    {
        var home = Community();
        var grid = Grid.Create(home.Id, "第一网格", null, Now);
        var household = Household.Create(home, "3栋101", StaffId, Now);
        var (partyMember, resident) = (Resident(home, confirmedPartyMember: true), Resident(home));
        household.AddMember(partyMember);
        household.AddMember(resident);

        Assert.Equal("centralHousehold.noBuilding",
            Assert.Throws<DomainException>(() => CentralHousehold.Designate(household, partyMember, StaffId, Now)).Code);
        household.PlaceIn(Building.Create(grid, "3栋", Now), null);
        Assert.Equal("partyMemberId", Assert.Throws<DomainException>(() => CentralHousehold.Designate(household, resident, StaffId, Now)).Field);
        Assert.Equal("partyMemberId", Assert.Throws<DomainException>(() =>
            CentralHousehold.Designate(household, Resident(home, confirmedPartyMember: true), StaffId, Now)).Field);

        var central = CentralHousehold.Designate(household, partyMember, StaffId, Now);
        Assert.Equal((household.Id, partyMember.Id), (central.HouseholdId, central.PartyMemberId));
    }

    [Fact]
    public void A_household_is_looked_after_only_within_its_grid_and_a_move_to_another_grid_ends_it()
    {
        var home = Community();
        var (grid1, grid2) = (Grid.Create(home.Id, "第一网格", null, Now), Grid.Create(home.Id, "第二网格", null, Now));
        var (here, there) = (Building.Create(grid1, "1栋", Now), Building.Create(grid2, "9栋", Now));
        var centralHome = Household.Create(home, "1栋101", StaffId, Now);
        var partyMember = Resident(home, confirmedPartyMember: true);
        centralHome.AddMember(partyMember);
        centralHome.PlaceIn(here, null);
        var central = CentralHousehold.Designate(centralHome, partyMember, StaffId, Now);
        var neighbour = Household.Create(home, "1栋102", StaffId, Now);
        neighbour.PlaceIn(here, null);

        Assert.Equal("householdIds", Assert.Throws<DomainException>(() => neighbour.PutInCareOf(central, grid1.Id, grid2.Id)).Field);
        Assert.Equal("householdIds", Assert.Throws<DomainException>(() => centralHome.PutInCareOf(central, grid1.Id, grid1.Id)).Field);
        neighbour.PutInCareOf(central, grid1.Id, grid1.Id);
        Assert.Equal(central.Id, neighbour.CentralHouseholdId);

        neighbour.PlaceIn(here, grid1.Id); // same grid: still looked after
        Assert.Equal(central.Id, neighbour.CentralHouseholdId);
        neighbour.PlaceIn(there, grid1.Id);
        Assert.Null(neighbour.CentralHouseholdId);
        Assert.Equal("buildingId", Assert.Throws<DomainException>(() =>
            neighbour.PlaceIn(Building.Create(Grid.Create(Community().Id, "外网格", null, Now), "外楼", Now), grid2.Id)).Field);
    }
}
