using Volunteer.Domain.Common;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Notifications;
using Volunteer.Domain.Tasks;
using static Volunteer.Tests.Domain.Builders;

namespace Volunteer.Tests.Domain;

public class ServiceTaskTests
{
    [Theory]
    [InlineData(0, 10, "slots")]
    [InlineData(-1, 10, "slots")]
    [InlineData(1001, 10, "slots")]
    [InlineData(3, -5, "points")]
    public void Publishing_refuses_out_of_range_slots_and_points(int slots, int points, string field)
    {
        var error = Assert.Throws<DomainException>(() => Task(slots, points));
        Assert.Equal((ErrorKind.Validation, field), (error.Kind, error.Field));
    }

    [Fact]
    public void Publishing_refuses_an_end_before_the_start()
    {
        var error = Assert.Throws<DomainException>(() => Task(startsAt: Now.AddHours(3), endsAt: Now.AddHours(1)));
        Assert.Equal("endsAt", error.Field);
        Assert.Contains("晚于开始时间", error.Message);
    }

    [Fact]
    public void Publishing_refuses_a_task_that_has_already_ended()
    {
        var error = Assert.Throws<DomainException>(() => Task(startsAt: Now.AddHours(-3), endsAt: Now.AddMinutes(-1)));
        Assert.Equal("endsAt", error.Field);
    }

    [Fact]
    public void Publishing_refuses_a_blank_title()
    {
        var terms = Terms() with { Title = "   " };
        var error = Assert.Throws<DomainException>(() => ServiceTask.Publish(Guid.NewGuid(), terms, StaffId, Now));
        Assert.Equal("title", error.Field);
    }

    [Fact]
    public void Publishing_stores_instants_in_utc_whatever_offset_they_came_with()
    {
        var startsAt = new DateTimeOffset(2026, 11, 21, 9, 0, 0, ChinaTime.Offset);
        var task = Task(startsAt: startsAt, endsAt: startsAt.AddHours(2));
        Assert.Equal(TimeSpan.Zero, task.StartsAt.Offset);
        Assert.Equal(startsAt, task.StartsAt);
    }

    [Fact]
    public void Claims_take_slots_until_the_task_is_full()
    {
        var task = Task(slots: 2);
        task.Claim(Claimant.ForMember(Resident()), Now);
        task.Claim(Claimant.ForMember(Resident()), Now);

        var error = Assert.Throws<DomainException>(() => task.Claim(Claimant.ForMember(Resident()), Now));
        Assert.Equal("task.full", error.Code);
        Assert.Equal((2, 0), (task.Taken, task.Remaining));
    }

    [Fact]
    public void A_released_slot_can_be_claimed_again()
    {
        var task = Task(slots: 1);
        task.Claim(Claimant.ForMember(Resident()), Now);
        task.ReleaseSlot();
        var claim = task.Claim(Claimant.ForMember(Resident()), Now);
        Assert.Equal(ClaimStatus.Accepted, claim.Status);
        Assert.Equal(1, task.Taken);
    }

    [Fact]
    public void A_party_members_only_task_refuses_residents_and_unconfirmed_declarations()
    {
        var task = Task(partyOnly: true);
        var declared = Resident();
        declared.DeclarePartyMembership("第一党支部", null, false);

        Assert.Equal("task.partyMembersOnly", Assert.Throws<DomainException>(() => task.Claim(Claimant.ForMember(Resident()), Now)).Code);
        Assert.Equal(ErrorKind.Forbidden, Assert.Throws<DomainException>(() => task.Claim(Claimant.ForMember(declared), Now)).Kind);
        Assert.Equal(0, task.Taken);

        var claim = task.Claim(Claimant.ForMember(Resident(confirmedPartyMember: true)), Now);
        Assert.Equal(ClaimStatus.Accepted, claim.Status);
    }

    [Fact]
    public void An_ended_or_cancelled_task_cannot_be_claimed()
    {
        var task = Task();
        Assert.Equal("task.ended", Assert.Throws<DomainException>(() => task.Claim(Claimant.ForMember(Resident()), task.EndsAt)).Code);

        task.Cancel("暴雨", Now);
        Assert.Equal("task.cancelled", Assert.Throws<DomainException>(() => task.Claim(Claimant.ForMember(Resident()), Now)).Code);
    }

    [Fact]
    public void Cancelling_needs_a_reason_and_happens_once()
    {
        var task = Task();
        Assert.Equal("reason", Assert.Throws<DomainException>(() => task.Cancel(" ", Now)).Field);
        task.Cancel("暴雨预警", Now);
        Assert.Equal((ServiceTaskStatus.Cancelled, "暴雨预警"), (task.Status, task.CancelReason));
        Assert.Equal("task.cancelled", Assert.Throws<DomainException>(() => task.Cancel("再次", Now)).Code);
    }

    [Fact]
    public void A_task_closes_only_once_its_end_has_passed()
    {
        var task = Task();
        Assert.False(task.CloseIfEnded(task.EndsAt.AddSeconds(-1)));
        Assert.True(task.CloseIfEnded(task.EndsAt));
        Assert.Equal(ServiceTaskStatus.Closed, task.Status);
        Assert.False(task.CloseIfEnded(task.EndsAt.AddDays(1)));
    }

    [Theory]
    [InlineData(false, false, false, false)]
    [InlineData(true, false, false, true)]
    [InlineData(false, true, false, true)]
    [InlineData(false, false, true, true)]
    public void A_sensitive_address_is_shown_only_to_staff_the_requester_and_accepted_claimants(bool manages, bool requester, bool accepted, bool visible)
    {
        var elder = Resident(circumstances: Volunteer.Domain.Members.Circumstances.LivingAlone);
        var need = Volunteer.Domain.Needs.Need.Post(elder, new("陪同就医", null, TaskCategory.ElderlyCare, "3 栋 201", null, null), StaffId, Now);
        var task = need.Approve(Terms(), StaffId, Now);

        Assert.True(task.IsSensitive);
        Assert.Equal(visible, task.AddressVisibleTo(manages, requester, accepted));
        Assert.True(Task().AddressVisibleTo(false, false, false));
    }
    [Fact]
    public void What_claims_quote_of_a_task_stays_as_published_through_everything_a_task_goes_through()
    {
        // A claim of a task an API instance has seen before is made from these terms alone (ClaimTask, PublishedTermsCache):
        // no operation of the task may change them. Every operation that changes a task, on a task and on a wish.
        var task = Task(slots: 2);
        var published = task.Terms;
        Assert.Equal((task.Id, "环境整治", Now.AddHours(1)), (published.TaskId, published.Title, published.StartsAt));
        var wisher = Resident();
        var wish = Need.Post(wisher, new NeedDetails("想要一个新书包", "三年级学生", TaskCategory.MicroWish, null, null, null), null, Now)
            .Approve(new TaskTerms("想要一个新书包", null, TaskCategory.MicroWish, 1, 15, Now, Now.AddDays(7), "东门大街 2 号", false, null), StaffId, Now);
        var wishTerms = wish.Terms;

        var claim = task.Claim(Claimant.ForMember(Resident()), Now);
        task.Claim(Claimant.ForPartner(Guid.NewGuid(), Guid.NewGuid()), Now);
        claim.CheckIn(task, Now.AddHours(1));
        task.ReleaseSlot();
        wish.SetHiddenFromWall(true);
        wish.Claim(Claimant.ForMember(Resident(confirmedPartyMember: true)), Now);
        Assert.Equal(published, task.Terms);
        Assert.Equal(wishTerms, wish.Terms);

        task.Cancel("暴雨预警", Now.AddMinutes(5));
        Assert.Equal(published, task.Terms);
        var ended = Task(endsAt: Now.AddHours(2));
        var endedTerms = ended.Terms;
        Assert.True(ended.CloseIfEnded(Now.AddHours(2)));
        Assert.Equal(endedTerms, ended.Terms);
    }

    [Fact]
    public void A_claim_asked_from_the_published_terms_is_the_claim_the_entity_makes_and_quotes_the_same()
    {
        var task = Task();
        var member = Resident();
        var byEntity = task.Claim(Claimant.ForMember(member), Now);
        var asked = Claim.AskedBy(member.Id, task.Terms, Now);

        Assert.Equal((byEntity.TaskId, byEntity.MemberId, byEntity.PartnerId, byEntity.ClaimedByAccountId, byEntity.Status, byEntity.ClaimedAt),
            (asked.TaskId, asked.MemberId, asked.PartnerId, asked.ClaimedByAccountId, asked.Status, asked.ClaimedAt));
        var (fromTask, fromTerms) = (Notification.ClaimAccepted(byEntity, task, Now), Notification.ClaimAccepted(asked, task.Terms, Now));
        Assert.Equal((fromTask.Kind, fromTask.RecipientId, fromTask.Title, fromTask.Body, fromTask.TemplateData),
            (fromTerms.Kind, fromTerms.RecipientId, fromTerms.Title, fromTerms.Body, fromTerms.TemplateData));
        Assert.Contains("「环境整治」", fromTerms.Body);
    }

    [Fact]
    public void The_claimant_rules_refuse_ones_own_need_and_a_party_members_post_to_an_unconfirmed_member()
    {
        var requester = Resident();
        var need = Need.Post(requester, new NeedDetails("陪同就医", "需要人陪同去医院", TaskCategory.ElderlyCare, null, null, null), null, Now)
            .Approve(Terms(partyOnly: true), StaffId, Now);

        Assert.Equal("claim.ownNeed", Assert.Throws<DomainException>(() => need.EnsureClaimableBy(Claimant.ForMember(requester))).Code);
        Assert.Equal("task.partyMembersOnly", Assert.Throws<DomainException>(() => need.EnsureClaimableBy(Claimant.ForMember(Resident()))).Code);
        need.EnsureClaimableBy(Claimant.ForMember(Resident(confirmedPartyMember: true)));
        Task().EnsureClaimableBy(Claimant.ForMember(Resident()));
    }
}
