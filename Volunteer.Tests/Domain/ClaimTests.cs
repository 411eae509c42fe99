using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using static Volunteer.Tests.Domain.Builders;

namespace Volunteer.Tests.Domain;

public class ClaimTests
{
    private static (ServiceTask Task, Claim Claim) Claimed(int points = 10)
    {
        var task = Task(points: points, startsAt: Now.AddHours(1), endsAt: Now.AddHours(4));
        return (task, task.Claim(Claimant.ForMember(Resident()), Now));
    }

    [Fact]
    public void Check_in_opens_thirty_minutes_before_the_start_and_closes_at_the_end()
    {
        var (task, claim) = Claimed();
        Assert.Equal("claim.tooEarly", Assert.Throws<DomainException>(() => claim.CheckIn(task, task.StartsAt.AddMinutes(-31))).Code);
        Assert.Equal("claim.tooLate", Assert.Throws<DomainException>(() => claim.CheckIn(task, task.EndsAt.AddSeconds(1))).Code);

        claim.CheckIn(task, task.StartsAt.AddMinutes(-30));
        Assert.Equal(ClaimStatus.CheckedIn, claim.Status);
        Assert.Equal("claim.notCheckInable", Assert.Throws<DomainException>(() => claim.CheckIn(task, task.StartsAt)).Code);
    }

    [Fact]
    public void Recorded_time_counts_only_inside_the_task_window()
    {
        var (task, claim) = Claimed();
        claim.CheckIn(task, task.StartsAt.AddMinutes(-20));
        claim.CheckOut(task, task.EndsAt.AddHours(2));
        Assert.Equal(180, claim.ServiceMinutes);
    }

    [Fact]
    public void Recorded_time_is_whole_minutes_between_check_in_and_check_out()
    {
        var (task, claim) = Claimed();
        claim.CheckIn(task, task.StartsAt.AddMinutes(10));
        claim.CheckOut(task, task.StartsAt.AddMinutes(95).AddSeconds(59));
        Assert.Equal(85, claim.ServiceMinutes);
    }

    [Fact]
    public void Checking_out_needs_a_check_in_first()
    {
        var (task, claim) = Claimed();
        Assert.Equal("claim.notCheckedIn", Assert.Throws<DomainException>(() => claim.CheckOut(task, task.StartsAt)).Code);
    }

    [Fact]
    public void Verification_awards_the_task_points_and_time_once()
    {
        var (task, claim) = Claimed(points: 15);
        claim.CheckIn(task, task.StartsAt);
        claim.CheckOut(task, task.StartsAt.AddHours(2));

        claim.Verify(task, StaffId, null, task.EndsAt);
        Assert.Equal((ClaimStatus.Verified, 15, 120), (claim.Status, claim.PointsAwarded, claim.ServiceMinutes));

        var again = Assert.Throws<DomainException>(() => claim.Verify(task, StaffId, null, task.EndsAt));
        Assert.Equal("claim.alreadyVerified", again.Code);
        Assert.Equal(15, claim.PointsAwarded);
    }

    [Fact]
    public void An_unchecked_in_claim_cannot_be_verified()
    {
        var (task, claim) = Claimed();
        Assert.Equal("claim.notCheckedIn", Assert.Throws<DomainException>(() => claim.Verify(task, StaffId, 60, Now)).Code);
    }

    [Fact]
    public void A_claim_still_checked_in_is_verified_only_with_hours_set_by_staff()
    {
        var (task, claim) = Claimed();
        claim.CheckIn(task, task.StartsAt);
        Assert.Equal("hours", Assert.Throws<DomainException>(() => claim.Verify(task, StaffId, null, task.EndsAt)).Field);

        claim.Verify(task, StaffId, 90, task.EndsAt);
        Assert.Equal(90, claim.ServiceMinutes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-30)]
    [InlineData(181)]
    public void Hours_set_by_staff_must_be_positive_and_within_the_task_window(int minutes)
    {
        var (task, claim) = Claimed();
        claim.CheckIn(task, task.StartsAt);
        claim.CheckOut(task, task.EndsAt);
        Assert.Equal("hours", Assert.Throws<DomainException>(() => claim.Verify(task, StaffId, minutes, task.EndsAt)).Field);
        Assert.Equal(ClaimStatus.CheckedOut, claim.Status);
    }

    [Fact]
    public void A_partner_organisations_claim_records_time_but_earns_no_member_points()
    {
        var task = Task(points: 20, startsAt: Now.AddHours(1), endsAt: Now.AddHours(4));
        var claim = task.Claim(Claimant.ForPartner(Guid.NewGuid(), Guid.NewGuid()), Now);
        claim.CheckIn(task, task.StartsAt);
        claim.CheckOut(task, task.StartsAt.AddHours(1));
        claim.Verify(task, StaffId, null, task.EndsAt);
        Assert.Equal((0, 60), (claim.PointsAwarded, claim.ServiceMinutes));
    }

    [Fact]
    public void Rejection_needs_a_reason_and_ends_the_claim()
    {
        var (task, claim) = Claimed();
        claim.CheckIn(task, task.StartsAt);
        claim.CheckOut(task, task.EndsAt);
        Assert.Equal("reason", Assert.Throws<DomainException>(() => claim.Reject(StaffId, "", task.EndsAt)).Field);

        claim.Reject(StaffId, "未按要求完成清理", task.EndsAt);
        Assert.Equal((ClaimStatus.Rejected, "未按要求完成清理", false), (claim.Status, claim.StatusReason, claim.HoldsSlot));
        Assert.Equal("claim.alreadyRejected", Assert.Throws<DomainException>(() => claim.Verify(task, StaffId, null, task.EndsAt)).Code);
    }

    [Fact]
    public void The_claimant_can_cancel_only_before_checking_in()
    {
        var (task, claim) = Claimed();
        var (_, other) = Claimed();
        other.Cancel(Now);
        Assert.Equal(ClaimStatus.Cancelled, other.Status);
        Assert.False(other.HoldsSlot);

        claim.CheckIn(task, task.StartsAt);
        Assert.Equal("claim.notCancellable", Assert.Throws<DomainException>(() => claim.Cancel(Now)).Code);
    }

    [Fact]
    public void The_service_is_rated_once_after_check_out_with_one_to_five_stars()
    {
        var (task, claim) = Claimed();
        var requester = Guid.NewGuid();
        Assert.Equal("claim.notRateable", Assert.Throws<DomainException>(() => claim.Rate(5, null, requester, Now)).Code);
        claim.CheckIn(task, task.StartsAt);
        claim.CheckOut(task, task.EndsAt);
        Assert.Equal("stars", Assert.Throws<DomainException>(() => claim.Rate(6, null, requester, Now)).Field);
        Assert.Equal("stars", Assert.Throws<DomainException>(() => claim.Rate(0, null, requester, Now)).Field);

        claim.Rate(4, "准时、耐心", requester, task.EndsAt);
        Assert.Equal((4, "准时、耐心"), (claim.RatingStars, claim.RatingComment));
        Assert.Equal("claim.alreadyRated", Assert.Throws<DomainException>(() => claim.Rate(5, null, requester, Now)).Code);
    }

    [Fact]
    public void Task_cancellation_ends_only_claims_not_yet_served()
    {
        var task = Task(startsAt: Now.AddHours(1), endsAt: Now.AddHours(4));
        var accepted = task.Claim(Claimant.ForMember(Resident()), Now);
        var served = task.Claim(Claimant.ForMember(Resident()), Now);
        served.CheckIn(task, task.StartsAt);
        served.CheckOut(task, task.StartsAt.AddHours(1));

        Assert.True(accepted.EndBecauseTaskCancelled("暴雨", Now));
        Assert.False(served.EndBecauseTaskCancelled("暴雨", Now));
        Assert.Equal((ClaimStatus.TaskCancelled, "暴雨"), (accepted.Status, accepted.StatusReason));
        Assert.Equal(ClaimStatus.CheckedOut, served.Status);
    }

    [Fact]
    public void A_claim_never_checked_in_becomes_a_no_show_once_the_task_ends()
    {
        var (task, claim) = Claimed();
        Assert.False(claim.MarkNoShowIfMissed(task, task.EndsAt.AddSeconds(-1)));
        Assert.True(claim.MarkNoShowIfMissed(task, task.EndsAt));
        Assert.Equal(ClaimStatus.NoShow, claim.Status);
        Assert.False(claim.MarkNoShowIfMissed(task, task.EndsAt.AddDays(1)));
    }
}
