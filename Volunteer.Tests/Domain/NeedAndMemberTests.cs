using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Tasks;
using static Volunteer.Tests.Domain.Builders;

namespace Volunteer.Tests.Domain;

public class NeedTests
{
    private static readonly NeedDetails Details = new("楼道灯坏了", "3 栋二楼", TaskCategory.Other, "3 栋", null, null);

    [Fact]
    public void A_resident_needs_a_home_community_to_post_a_need()
    {
        var member = Member.SignUpWithWeChat("openid", Now);
        Assert.Equal("member.noCommunity", Assert.Throws<DomainException>(() => Need.Post(member, Details, null, Now)).Code);
    }

    [Fact]
    public void A_need_from_a_vulnerable_resident_is_sensitive_and_its_task_inherits_that()
    {
        var elder = Resident(circumstances: Circumstances.LowIncome | Circumstances.Disabled);
        var need = Need.Post(elder, Details, StaffId, Now);
        Assert.True(need.IsSensitive);
        Assert.Equal(StaffId, need.PostedByAccountId);

        var task = need.Approve(Terms() with { Address = null }, StaffId, Now);
        Assert.Equal((true, "3 栋", elder.Id, need.Id, need.CommunityId), (task.IsSensitive, task.Address, task.RequesterId, task.NeedId, task.CommunityId));
        Assert.Equal((NeedStatus.Approved, task.Id), (need.Status, need.TaskId));
    }

    [Fact]
    public void A_need_is_reviewed_once()
    {
        var need = Need.Post(Resident(), Details, null, Now);
        Assert.Equal("reason", Assert.Throws<DomainException>(() => need.Reject("  ", StaffId, Now)).Field);
        need.Reject("属于物业维修范围，已转物业", StaffId, Now);
        Assert.Equal((NeedStatus.Rejected, "属于物业维修范围，已转物业"), (need.Status, need.ReviewReason));
        Assert.Equal("need.notPending", Assert.Throws<DomainException>(() => need.Approve(Terms(), StaffId, Now)).Code);
        Assert.Equal("need.notPending", Assert.Throws<DomainException>(() => need.Withdraw(Now)).Code);
    }

    [Fact]
    public void A_preferred_end_must_follow_the_preferred_start()
    {
        var details = Details with { PreferredStartsAt = Now.AddDays(1), PreferredEndsAt = Now };
        Assert.Equal("preferredEndsAt", Assert.Throws<DomainException>(() => Need.Post(Resident(), details, null, Now)).Field);
    }
}

public class MemberTests
{
    [Fact]
    public void A_declared_party_membership_counts_only_after_staff_confirm_it()
    {
        var member = Resident();
        member.DeclarePartyMembership("第二党支部", "丹阳市人民医院", inService: true);
        Assert.Equal(PartyStatus.Pending, member.PartyStatus);
        Assert.False(member.IsConfirmedPartyMember);

        member.ConfirmPartyMembership(StaffId, Now);
        Assert.True(member.IsConfirmedPartyMember);
        Assert.Equal(("丹阳市人民医院", true), (member.PartyWorkUnit, member.PartyInService));
    }

    [Fact]
    public void Re_declaring_the_same_membership_keeps_the_confirmation_but_a_change_sends_it_back()
    {
        var member = Resident(confirmedPartyMember: true);
        member.DeclarePartyMembership("第一党支部", null, inService: false);
        Assert.Equal(PartyStatus.Confirmed, member.PartyStatus);

        member.DeclarePartyMembership("第三党支部", null, inService: false);
        Assert.Equal(PartyStatus.Pending, member.PartyStatus);
    }

    [Fact]
    public void Moving_to_another_community_leaves_a_confirmed_membership_as_staff_confirmed_it()
    {
        var member = Resident(confirmedPartyMember: true);
        var (reviewedBy, reviewedAt) = (member.PartyReviewedBy, member.PartyReviewedAt);
        member.MoveTo(Community(), null);
        Assert.Equal((PartyStatus.Confirmed, reviewedBy, reviewedAt), (member.PartyStatus, member.PartyReviewedBy, member.PartyReviewedAt));
        member.MoveTo(null, null);
        Assert.Equal(PartyStatus.Confirmed, member.PartyStatus);
    }

    [Fact]
    public void Only_a_declaration_staff_have_not_confirmed_can_be_withdrawn()
    {
        var member = Resident(confirmedPartyMember: true);
        Assert.Equal("party.confirmed", Assert.Throws<DomainException>(member.WithdrawPendingPartyMembership).Code);
        Assert.Equal(PartyStatus.Confirmed, member.PartyStatus);

        member.DeclarePartyMembership("第三党支部", null, inService: false);
        member.WithdrawPendingPartyMembership();
        Assert.Equal((PartyStatus.None, (string?)null), (member.PartyStatus, member.PartyBranch));
    }

    [Fact]
    public void An_in_service_party_member_names_a_work_unit()
    {
        var member = Resident();
        Assert.Equal("party.workUnit", Assert.Throws<DomainException>(() => member.DeclarePartyMembership("支部", null, inService: true)).Field);
    }

    [Fact]
    public void Only_a_pending_declaration_can_be_reviewed()
    {
        var member = Resident();
        Assert.Equal("party.notPending", Assert.Throws<DomainException>(() => member.ConfirmPartyMembership(StaffId, Now)).Code);
        member.DeclarePartyMembership("支部", null, false);
        member.RejectPartyMembership(StaffId, "党组织关系不在本社区", Now);
        Assert.Equal((PartyStatus.Rejected, "党组织关系不在本社区"), (member.PartyStatus, member.PartyReviewNote));
    }

    [Fact]
    public void A_grid_must_belong_to_the_chosen_community()
    {
        var member = Resident();
        var home = Community();
        var elsewhere = Grid.Create(Guid.NewGuid(), "第一网格", null, Now);
        Assert.Equal("gridId", Assert.Throws<DomainException>(() => member.MoveTo(home, elsewhere)).Field);
        Assert.Equal("gridId", Assert.Throws<DomainException>(() => member.MoveTo(null, elsewhere)).Field);
    }

    [Theory]
    [InlineData("1380000123")]
    [InlineData("23800001234")]
    [InlineData("1380000123a")]
    public void Phone_numbers_are_eleven_digits_starting_with_one(string phone)
    {
        Assert.Equal("phone", Assert.Throws<DomainException>(() => Resident().UpdateProfile("张伟", phone)).Field);
    }

    [Fact]
    public void Usernames_are_case_insensitive_and_plain_ascii()
    {
        var account = Account.CreateCommunityStaff("Staff-01", "周丽", Guid.NewGuid(), Guid.NewGuid(), Now);
        Assert.Equal("staff-01", account.Username);
        Assert.False(account.IsLockedOut(Now));
        Assert.Equal("username", Assert.Throws<DomainException>(() => Account.NormalizeUsername("周丽")).Field);
    }

    [Theory]
    [InlineData("short1")]
    [InlineData("onlyletters")]
    [InlineData("1234567890")]
    public void Passwords_need_eight_characters_with_letters_and_digits(string password)
    {
        Assert.Equal("password", Assert.Throws<DomainException>(() => PasswordPolicy.Validate(password)).Field);
    }
}
