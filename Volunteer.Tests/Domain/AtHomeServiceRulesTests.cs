using Volunteer.Domain.Common;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Tasks;
using static Volunteer.Tests.Domain.Builders;

namespace Volunteer.Tests.Domain;

/// <summary>Check-in by position, staff confirmation, photos and the 微心愿 cycle, without a database.</summary>
public class AtHomeServiceRulesTests
{
    // 东门社区党群服务中心, roughly (丹阳).
    private static readonly GeoPoint Centre = GeoPoint.Of(31.9912, 119.5756);

    private static ServiceTask TaskAt(GeoPoint? location, TaskCategory category = TaskCategory.ElderlyCare, int slots = 1) =>
        ServiceTask.Publish(Guid.NewGuid(), new TaskTerms("上门服务", null, category, slots, 10, Now.AddHours(1), Now.AddHours(4),
            "东门大街 18 号", false, null, location), StaffId, Now);

    [Fact]
    public void Haversine_distance_matches_known_distances()
    {
        // One degree of latitude along a meridian is 111.195 km on the mean-radius sphere.
        Assert.Equal(111_195, GeoPoint.Of(0, 0).DistanceMetersTo(GeoPoint.Of(1, 0)), 0);
        // Beijing Tiananmen to Shanghai People's Square: about 1,067 km.
        var beijing = GeoPoint.Of(39.9087, 116.3975);
        var shanghai = GeoPoint.Of(31.2304, 121.4737);
        Assert.InRange(beijing.DistanceMetersTo(shanghai), 1_060_000, 1_075_000);
        Assert.Equal(beijing.DistanceMetersTo(shanghai), shanghai.DistanceMetersTo(beijing), 6);
        Assert.Equal(0, Centre.DistanceMetersTo(Centre));
        // Across the antimeridian it is the short way round: 0.2° of longitude at the equator.
        Assert.InRange(GeoPoint.Of(0, 179.9).DistanceMetersTo(GeoPoint.Of(0, -179.9)), 22_200, 22_300);
    }

    [Fact]
    public void Coordinates_are_validated_and_come_in_pairs()
    {
        Assert.Equal("latitude", Assert.Throws<DomainException>(() => GeoPoint.Of(90.01, 0)).Field);
        Assert.Equal("longitude", Assert.Throws<DomainException>(() => GeoPoint.Of(0, -180.5)).Field);
        Assert.Equal("latitude", Assert.Throws<DomainException>(() => GeoPoint.Of(double.NaN, 0)).Field);
        Assert.Equal("longitude", Assert.Throws<DomainException>(() => GeoPoint.Optional(31.99, null)).Field);
        Assert.Equal("latitude", Assert.Throws<DomainException>(() => GeoPoint.Optional(null, 119.5)).Field);
        Assert.Null(GeoPoint.Optional(null, null));
        Assert.Equal(Centre, TaskAt(Centre).Location);
        Assert.Null(TaskAt(null).Location);
    }

    [Fact]
    public void Check_in_by_position_is_accepted_within_the_radius_and_records_the_distance()
    {
        var task = TaskAt(Centre);
        var claim = task.Claim(Claimant.ForMember(Resident()), Now);
        // 0.001° of latitude ≈ 111 m north.
        claim.CheckInAt(task, GeoPoint.Of(Centre.Latitude + 0.001, Centre.Longitude), 200, task.StartsAt);
        Assert.Equal((ClaimStatus.CheckedIn, CheckInMethod.Position, 111), (claim.Status, claim.CheckInMethod, claim.CheckInDistanceMeters));
    }

    [Fact]
    public void A_position_outside_the_radius_is_refused_with_its_distance_and_changes_nothing()
    {
        var task = TaskAt(Centre);
        var claim = task.Claim(Claimant.ForMember(Resident()), Now);
        var far = Assert.Throws<CheckInTooFarException>(() =>
            claim.CheckInAt(task, GeoPoint.Of(Centre.Latitude + 0.003, Centre.Longitude), 200, task.StartsAt));
        Assert.Equal(("checkIn.tooFar", 334, 200), (far.Code, far.DistanceMeters, far.RadiusMeters));
        Assert.Contains("334 米", far.Message);
        Assert.Equal(334, far.Facts["distanceMeters"]);
        Assert.Equal((ClaimStatus.Accepted, null, null), (claim.Status, claim.CheckInMethod, claim.CheckInDistanceMeters));
    }

    [Fact]
    public void Check_in_by_position_keeps_the_time_window_and_needs_a_task_location()
    {
        var task = TaskAt(Centre);
        var claim = task.Claim(Claimant.ForMember(Resident()), Now);
        Assert.Equal("claim.tooEarly", Assert.Throws<DomainException>(() => claim.CheckInAt(task, Centre, 200, task.StartsAt.AddMinutes(-31))).Code);
        Assert.Equal("claim.tooLate", Assert.Throws<DomainException>(() => claim.CheckInAt(task, Centre, 200, task.EndsAt.AddSeconds(1))).Code);

        var nowhere = TaskAt(null);
        var other = nowhere.Claim(Claimant.ForMember(Resident()), Now);
        Assert.Equal("checkIn.noLocation", Assert.Throws<DomainException>(() => other.CheckInAt(nowhere, Centre, 200, nowhere.StartsAt)).Code);
    }

    [Fact]
    public void Staff_confirmation_verifies_a_claim_never_checked_in_and_keeps_the_reason()
    {
        var task = TaskAt(null);
        var claim = task.Claim(Claimant.ForMember(Resident()), Now);
        Assert.Equal("reason", Assert.Throws<DomainException>(() => claim.ConfirmServiceByStaff(task, StaffId, 60, " ", task.EndsAt)).Field);
        Assert.Equal("hours", Assert.Throws<DomainException>(() => claim.ConfirmServiceByStaff(task, StaffId, 181, "电话回访确认", task.EndsAt)).Field);
        Assert.Equal(ClaimStatus.Accepted, claim.Status);

        claim.ConfirmServiceByStaff(task, StaffId, 90, "电话回访王奶奶，确认已陪同就医", task.EndsAt.AddDays(1));
        Assert.Equal((ClaimStatus.Verified, CheckInMethod.StaffConfirmed, 90, 10), (claim.Status, claim.CheckInMethod, claim.ServiceMinutes, claim.PointsAwarded));
        Assert.Equal("电话回访王奶奶，确认已陪同就医", claim.StaffConfirmationReason);
        Assert.Equal("claim.alreadyVerified", Assert.Throws<DomainException>(() => claim.ConfirmServiceByStaff(task, StaffId, 90, "再次", Now)).Code);
    }

    [Fact]
    public void Staff_confirmation_also_rescues_a_no_show_but_not_a_checked_in_claim()
    {
        var task = TaskAt(null, slots: 2);
        var missed = task.Claim(Claimant.ForMember(Resident()), Now);
        Assert.True(missed.MarkNoShowIfMissed(task, task.EndsAt));
        missed.ConfirmServiceByStaff(task, StaffId, 30, "老人无手机，回访确认", task.EndsAt.AddHours(2));
        Assert.Equal(ClaimStatus.Verified, missed.Status);

        var present = task.Claim(Claimant.ForMember(Resident()), Now);
        present.CheckIn(task, task.StartsAt);
        Assert.Equal("claim.alreadyCheckedIn", Assert.Throws<DomainException>(() => present.ConfirmServiceByStaff(task, StaffId, 30, "x", task.EndsAt)).Code);
    }

    [Fact]
    public void Photos_are_added_by_the_claimant_between_check_in_and_verification_six_at_most()
    {
        var task = TaskAt(Centre);
        var claim = task.Claim(Claimant.ForMember(Resident()), Now);
        Assert.Equal("photo.notNow", Assert.Throws<DomainException>(() => Photo(claim, 0, byStaff: false)).Code);
        claim.CheckIn(task, task.StartsAt);
        Assert.Equal(1, Photo(claim, 0, byStaff: false).Sequence);
        Assert.Equal(6, Photo(claim, 5, byStaff: false).Sequence);
        Assert.Equal("photo.tooMany", Assert.Throws<DomainException>(() => Photo(claim, 6, byStaff: true)).Code);

        claim.Verify(task, StaffId, 60, task.StartsAt.AddHours(1));
        Assert.Equal("photo.notNow", Assert.Throws<DomainException>(() => Photo(claim, 1, byStaff: false)).Code);
        Assert.True(Photo(claim, 1, byStaff: true).UploadedByStaff);
    }

    private static ClaimPhoto Photo(Claim claim, int existing, bool byStaff) =>
        ClaimPhoto.Add(claim, existing, byStaff, Guid.NewGuid(), "image/jpeg", 800, 600, 1000, "hash", Now);

    [Fact]
    public void A_wish_has_one_slot_and_its_wisher_cannot_adopt_it()
    {
        Assert.Equal("slots", Assert.Throws<DomainException>(() => TaskAt(null, TaskCategory.MicroWish, slots: 2)).Field);
        var wisher = Resident();
        var need = Need.Post(wisher, new NeedDetails("想要一个新书包", "三年级学生", TaskCategory.MicroWish, null, null, null), null, Now);
        var wish = need.Approve(new TaskTerms("想要一个新书包", null, TaskCategory.MicroWish, 1, 15, Now, Now.AddDays(7), null, false, null),
            StaffId, Now);
        Assert.Equal("claim.ownNeed", Assert.Throws<DomainException>(() => wish.Claim(Claimant.ForMember(wisher), Now)).Code);
        Assert.Equal(WishState.Open, WishRules.StateOf(wish, null, Now));

        wish.Claim(Claimant.ForMember(Resident(confirmedPartyMember: true)), Now);
        Assert.Equal("task.full", Assert.Throws<DomainException>(() => wish.Claim(Claimant.ForMember(Resident()), Now)).Code);
    }

    [Fact]
    public void A_wish_goes_open_adopted_fulfilled_and_is_verified_only_after_the_wisher_confirms()
    {
        var wish = TaskAt(null, TaskCategory.MicroWish);
        Assert.Equal(WishState.Open, WishRules.StateOf(wish, null, Now));
        var claim = wish.Claim(Claimant.ForMember(Resident(confirmedPartyMember: true)), Now);
        Assert.Equal(WishState.Adopted, WishRules.StateOf(wish, claim, Now));
        Assert.Equal("claim.notReceivable", Assert.Throws<DomainException>(() => claim.ConfirmReceipt(StaffId, Now)).Code);

        claim.FulfilWish(wish, Now.AddHours(2));
        Assert.Equal((ClaimStatus.CheckedOut, 0), (claim.Status, claim.ServiceMinutes));
        Assert.Equal(WishState.Adopted, WishRules.StateOf(wish, claim, Now));
        Assert.Equal("wish.notConfirmed", Assert.Throws<DomainException>(() => claim.Verify(wish, StaffId, null, Now.AddHours(3))).Code);

        claim.ConfirmReceipt(StaffId, Now.AddHours(3));
        Assert.Equal(WishState.Fulfilled, WishRules.StateOf(wish, claim, Now));
        Assert.Equal("claim.alreadyReceived", Assert.Throws<DomainException>(() => claim.ConfirmReceipt(StaffId, Now)).Code);
        claim.Verify(wish, StaffId, null, Now.AddHours(4));
        Assert.Equal((ClaimStatus.Verified, 10), (claim.Status, claim.PointsAwarded));
        Assert.Equal(WishState.Fulfilled, WishRules.StateOf(wish, claim, Now));
    }

    [Fact]
    public void An_open_wish_leaves_the_wall_when_it_ends_or_is_cancelled_and_only_wishes_can_be_hidden()
    {
        var wish = TaskAt(null, TaskCategory.MicroWish);
        Assert.Null(WishRules.StateOf(wish, null, wish.EndsAt));
        wish.Cancel("心愿人已搬离", Now);
        Assert.Null(WishRules.StateOf(wish, null, Now));

        Assert.Equal("wish.notWish", Assert.Throws<DomainException>(() => TaskAt(null).SetHiddenFromWall(true)).Code);
        var other = TaskAt(null, TaskCategory.MicroWish);
        other.SetHiddenFromWall(true);
        Assert.True(other.HiddenFromWall);
    }
}
