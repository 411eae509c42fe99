using Volunteer.Domain.Common;
using Volunteer.Domain.Households;
using Volunteer.Domain.Members;
using static Volunteer.Tests.Domain.Builders;

namespace Volunteer.Tests.Domain;

public class HouseholdRulesTests
{
    [Fact]
    public void The_address_unit_is_trimmed_and_its_whitespace_collapsed_so_one_door_is_one_household()
    {
        var household = Household.Create(Community(), "  3栋 \t2单元   301 ", StaffId, Now);
        Assert.Equal("3栋 2单元 301", household.AddressUnit);
        Assert.Equal(household.AddressUnit, Household.NormaliseAddressUnit("3栋 2单元\n301"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void A_household_needs_an_address_unit(string? addressUnit)
    {
        var error = Assert.Throws<DomainException>(() => Household.Create(Community(), addressUnit!, StaffId, Now));
        Assert.Equal("addressUnit", error.Field);
    }

    [Fact]
    public void An_address_unit_longer_than_the_limit_is_refused()
    {
        var error = Assert.Throws<DomainException>(() => Household.Create(Community(), new string('室', 101), StaffId, Now));
        Assert.Equal("addressUnit", error.Field);
    }

    [Fact]
    public void Members_join_a_household_of_their_own_community_and_one_of_them_becomes_head()
    {
        var home = Community();
        var household = Household.Create(home, "1栋101", StaffId, Now);
        var (father, daughter) = (Resident(home), Resident(home));

        household.AddMember(father);
        household.AddMember(daughter);
        household.SetHead(father);

        Assert.Equal((household.Id, household.Id), (father.HouseholdId, daughter.HouseholdId));
        Assert.Equal(father.Id, household.HeadMemberId);
    }

    [Fact]
    public void Adding_a_member_twice_changes_nothing()
    {
        var home = Community();
        var household = Household.Create(home, "1栋101", StaffId, Now);
        var member = Resident(home);
        household.AddMember(member);
        var version = household.Version;

        household.AddMember(member);

        Assert.Equal((household.Id, version), (member.HouseholdId, household.Version));
    }

    [Fact]
    public void A_resident_of_another_community_cannot_join()
    {
        var household = Household.Create(Community(), "1栋101", StaffId, Now);
        var stranger = Resident();
        Assert.Equal("memberId", Assert.Throws<DomainException>(() => household.AddMember(stranger)).Field);
        Assert.Null(stranger.HouseholdId);
    }

    [Fact]
    public void A_member_is_in_at_most_one_household()
    {
        var home = Community();
        var (first, second) = (Household.Create(home, "1栋101", StaffId, Now), Household.Create(home, "1栋102", StaffId, Now));
        var member = Resident(home);
        first.AddMember(member);

        var error = Assert.Throws<DomainException>(() => second.AddMember(member));

        Assert.Equal(("household.memberInOtherHousehold", ErrorKind.Conflict), (error.Code, error.Kind));
        Assert.Equal(first.Id, member.HouseholdId);
    }

    [Fact]
    public void The_head_must_be_a_member_of_the_household()
    {
        var home = Community();
        var household = Household.Create(home, "1栋101", StaffId, Now);
        var neighbour = Resident(home);
        Assert.Equal("headMemberId", Assert.Throws<DomainException>(() => household.SetHead(neighbour)).Field);
        Assert.Null(household.HeadMemberId);
    }

    [Fact]
    public void Removing_the_head_leaves_the_household_without_one()
    {
        var home = Community();
        var household = Household.Create(home, "1栋101", StaffId, Now);
        var (head, other) = (Resident(home), Resident(home));
        household.AddMember(head);
        household.AddMember(other);
        household.SetHead(head);

        household.RemoveMember(head);

        Assert.Null(head.HouseholdId);
        Assert.Null(household.HeadMemberId);
        Assert.Equal(household.Id, other.HouseholdId);
    }

    [Fact]
    public void Removing_someone_who_is_not_a_member_is_not_found()
    {
        var home = Community();
        var household = Household.Create(home, "1栋101", StaffId, Now);
        var error = Assert.Throws<DomainException>(() => household.RemoveMember(Resident(home)));
        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public void Every_change_of_membership_moves_the_version_so_concurrent_changes_conflict()
    {
        var home = Community();
        var household = Household.Create(home, "1栋101", StaffId, Now);
        var member = Resident(home);
        var versions = new List<int> { household.Version };
        household.AddMember(member);
        versions.Add(household.Version);
        household.SetHead(member);
        versions.Add(household.Version);
        household.RemoveMember(member);
        versions.Add(household.Version);
        Assert.Equal(versions.Distinct().Count(), versions.Count);
    }

    [Fact]
    public void A_member_leaves_their_household_before_moving_to_another_community()
    {
        var home = Community();
        var household = Household.Create(home, "1栋101", StaffId, Now);
        var member = Resident(home);
        household.AddMember(member);

        Assert.Equal("household.leaveFirst", Assert.Throws<DomainException>(() => member.MoveTo(Community(), null)).Code);
        member.MoveTo(home, null); // staying in the community keeps the household
        Assert.Equal(household.Id, member.HouseholdId);

        household.RemoveMember(member);
        var elsewhere = Community();
        member.MoveTo(elsewhere, null);
        Assert.Equal((elsewhere.Id, (Guid?)null), (member.CommunityId!.Value, member.HouseholdId));
    }

    [Fact]
    public void An_erased_member_leaves_the_household_first_and_cannot_join_again()
    {
        var home = Community();
        var household = Household.Create(home, "1栋101", StaffId, Now);
        var member = Resident(home);
        household.AddMember(member);
        Assert.Equal("household.leaveFirst", Assert.Throws<DomainException>(() => member.Erase(Now)).Code);

        household.RemoveMember(member);
        member.Erase(Now);

        Assert.Equal("household.memberErased", Assert.Throws<DomainException>(() => household.AddMember(member)).Code);
    }
}
