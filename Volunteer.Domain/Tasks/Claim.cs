using Volunteer.Domain.Common;
using Volunteer.Domain.Members;

namespace Volunteer.Domain.Tasks;

public enum ClaimStatus
{
    /// <summary>认领成功: holds a slot, waiting for the service.</summary>
    Accepted,
    /// <summary>已签到: presence proved with the task's check-in code.</summary>
    CheckedIn,
    /// <summary>已签退: service done, waiting for staff verification.</summary>
    CheckedOut,
    /// <summary>已核验: points and hours recorded.</summary>
    Verified,
    /// <summary>核验未通过: staff rejected the service, with a reason.</summary>
    Rejected,
    /// <summary>The claimant cancelled before checking in.</summary>
    Cancelled,
    /// <summary>Staff cancelled the task; the reason is on the claim.</summary>
    TaskCancelled,
    /// <summary>The task ended without a check-in.</summary>
    NoShow,
}

/// <summary>How presence at the service was established.</summary>
public enum CheckInMethod
{
    /// <summary>The volunteer sent the live code shown by staff or by the requester (签到码).</summary>
    Code,
    /// <summary>The volunteer's phone position was within the radius of the task's location (定位签到).</summary>
    Position,
    /// <summary>No check-in: staff confirmed afterwards that the service took place (工作人员补录确认), with a reason.</summary>
    StaffConfirmed,
}

/// <summary>单位接单 / 党员接单: one claimant's hold on a slot of a task, through service to verification.</summary>
public sealed class Claim
{
    public const int MaxRatingCommentLength = 500;
    public const int MaxConfirmationReasonLength = 200;

    private Claim() { }

    public Guid Id { get; private set; }
    public Guid TaskId { get; private set; }
    public Guid? MemberId { get; private set; }
    public Guid? PartnerId { get; private set; }
    public Guid? ClaimedByAccountId { get; private set; }
    public ClaimStatus Status { get; private set; }
    /// <summary>Why the claim ended as it did: rejection or task cancellation reason.</summary>
    public string? StatusReason { get; private set; }
    public DateTimeOffset ClaimedAt { get; private set; }
    public DateTimeOffset? CheckedInAt { get; private set; }
    public CheckInMethod? CheckInMethod { get; private set; }
    /// <summary>For a check-in by position: how far the volunteer was from the task's location, in whole metres.</summary>
    public int? CheckInDistanceMeters { get; private set; }
    /// <summary>Why staff confirmed the service without a check-in; set only when <see cref="CheckInMethod"/> is StaffConfirmed.</summary>
    public string? StaffConfirmationReason { get; private set; }
    /// <summary>The requester (or staff for them) confirmed receipt — for a 微心愿, that the wish came true.</summary>
    public DateTimeOffset? ReceiptConfirmedAt { get; private set; }
    public Guid? ReceiptConfirmedById { get; private set; }
    public DateTimeOffset? CheckedOutAt { get; private set; }
    public DateTimeOffset? ReviewedAt { get; private set; }
    public Guid? ReviewedByAccountId { get; private set; }
    /// <summary>Recorded service time in whole minutes (shown as hours).</summary>
    public int ServiceMinutes { get; private set; }
    public int PointsAwarded { get; private set; }
    public int? RatingStars { get; private set; }
    public string? RatingComment { get; private set; }
    public DateTimeOffset? RatedAt { get; private set; }
    public Guid? RatedById { get; private set; }
    /// <summary>WeChat's content check asked for a human look at the comment: only staff and the rater see it until staff release it.</summary>
    public bool RatingHeldForReview { get; private set; }
    public int Version { get; private set; }

    /// <summary>Statuses that occupy one of the task's slots.</summary>
    public static readonly IReadOnlyList<ClaimStatus> HoldingSlot =
        [ClaimStatus.Accepted, ClaimStatus.CheckedIn, ClaimStatus.CheckedOut, ClaimStatus.Verified];

    /// <summary>Holds a slot: the claim was accepted and not given up, so the claimant may also see a sensitive address.</summary>
    public bool HoldsSlot => HoldingSlot.Contains(Status);

    internal static Claim Create(Guid taskId, Claimant claimant, DateTimeOffset now) => new()
    {
        Id = Ids.NewV7(now),
        TaskId = taskId,
        MemberId = claimant.MemberId,
        PartnerId = claimant.PartnerId,
        ClaimedByAccountId = claimant.AccountId,
        Status = ClaimStatus.Accepted,
        ClaimedAt = now,
    };

    /// <summary>
    /// The claim a resident asks for, made from the task's <see cref="PublishedTerms"/> alone and decided by the write
    /// that would store it: that write takes the slot and stores the claim only where <see cref="ServiceTask.Claim"/>
    /// would have made it (the task open with a slot free, not the member's own need, a 党员先锋岗 only for a
    /// confirmed party member, the member's street — <c>ClaimSql</c>). Nothing is decided here; when the write takes
    /// nothing, the claim is dropped and <see cref="ServiceTask.Claim"/> on the task as read explains the refusal.
    /// </summary>
    public static Claim AskedBy(Guid memberId, PublishedTerms task, DateTimeOffset now) =>
        Create(task.TaskId, Claimant.MemberById(memberId), now);

    /// <summary>The claimant gives the claim up before checking in; the slot returns to the task.</summary>
    public void Cancel(DateTimeOffset now)
    {
        if (Status != ClaimStatus.Accepted)
            throw DomainException.Conflict("claim.notCancellable", Status == ClaimStatus.Cancelled
                ? "该认领已取消。"
                : "已签到或已结束的认领不能取消。");
        Status = ClaimStatus.Cancelled;
        ReviewedAt = now;
    }

    /// <summary>Check-in with the live code (the caller has checked the code).</summary>
    public void CheckIn(ServiceTask task, DateTimeOffset now)
    {
        EnsureCheckInable(task, now);
        Status = ClaimStatus.CheckedIn;
        CheckedInAt = now;
        CheckInMethod = Tasks.CheckInMethod.Code;
    }

    /// <summary>
    /// 定位签到: check-in with the phone's position, accepted within <paramref name="radiusMeters"/> of the
    /// task's location and inside the time window. The distance is recorded; a refusal says how far it was.
    /// </summary>
    public void CheckInAt(ServiceTask task, GeoPoint position, int radiusMeters, DateTimeOffset now)
    {
        EnsureCheckInable(task, now);
        if (task.Location is not { } place)
            throw DomainException.Conflict("checkIn.noLocation", "该任务没有设置服务地点坐标，不能定位签到，请使用签到码。");
        var distance = (int)Math.Round(place.DistanceMetersTo(position), MidpointRounding.AwayFromZero);
        if (distance > radiusMeters)
            throw new CheckInTooFarException(distance, radiusMeters);
        Status = ClaimStatus.CheckedIn;
        CheckedInAt = now;
        CheckInMethod = Tasks.CheckInMethod.Position;
        CheckInDistanceMeters = distance;
    }

    private void EnsureCheckInable(ServiceTask task, DateTimeOffset now)
    {
        EnsureTask(task);
        if (Status != ClaimStatus.Accepted)
            throw DomainException.Conflict("claim.notCheckInable", Status == ClaimStatus.CheckedIn
                ? "已签到，无需重复签到。"
                : "当前状态不能签到。");
        if (task.Status == ServiceTaskStatus.Cancelled)
            throw TaskErrors.Cancelled();
        if (now < task.StartsAt - ServiceTask.EarlyCheckIn)
            throw DomainException.Conflict("claim.tooEarly", "任务尚未开始，开始前 30 分钟内才能签到。");
        if (now > task.EndsAt)
            throw DomainException.Conflict("claim.tooLate", "任务已结束，不能签到。");
    }

    public void CheckOut(ServiceTask task, DateTimeOffset now)
    {
        EnsureTask(task);
        if (Status != ClaimStatus.CheckedIn)
            throw DomainException.Conflict("claim.notCheckedIn", Status == ClaimStatus.CheckedOut
                ? "已签退，无需重复签退。"
                : "请先签到再签退。");
        Status = ClaimStatus.CheckedOut;
        CheckedOutAt = now;
        ServiceMinutes = MinutesWithinWindow(task, CheckedInAt!.Value, now);
    }

    public void HoldRatingForReview()
    {
        if (RatingComment is not null)
            RatingHeldForReview = true;
    }

    public void ReleaseRating()
    {
        if (!RatingHeldForReview)
            throw MemberErrors.NothingHeld();
        RatingHeldForReview = false;
    }

    /// <summary>
    /// 微心愿: the adopter reports the wish fulfilled (the gift handed over, the help given). No check-in is
    /// needed for a gift; the claim then waits, like any served claim, for the wisher's confirmation and
    /// staff verification.
    /// </summary>
    public void FulfilWish(ServiceTask task, DateTimeOffset now)
    {
        EnsureTask(task);
        if (!task.IsWish)
            throw TaskErrors.NotWish();
        if (Status is not (ClaimStatus.Accepted or ClaimStatus.CheckedIn))
            throw DomainException.Conflict("wish.notFulfillable", Status == ClaimStatus.CheckedOut
                ? "已标记为完成，等待心愿人确认。"
                : "当前状态不能标记心愿完成。");
        Status = ClaimStatus.CheckedOut;
        CheckedOutAt = now;
        ServiceMinutes = CheckedInAt is { } inAt ? MinutesWithinWindow(task, inAt, now) : 0;
    }

    /// <summary>The requester (or staff for them) confirms the service was received — for a wish, that it came true. Once.</summary>
    public void ConfirmReceipt(Guid confirmerId, DateTimeOffset now)
    {
        if (Status is not (ClaimStatus.CheckedOut or ClaimStatus.Verified))
            throw TaskErrors.NotReceivable();
        if (ReceiptConfirmedAt is not null)
            throw DomainException.Conflict("claim.alreadyReceived", "已经确认过了。");
        ReceiptConfirmedAt = now;
        ReceiptConfirmedById = confirmerId;
    }

    /// <summary>
    /// 补录确认: for a resident without a smartphone, staff confirm afterwards that a service which was
    /// never checked in took place, with a reason and the hours; this is also the verification, so the
    /// points follow at once. The claim stays marked <see cref="CheckInMethod.StaffConfirmed"/> for review.
    /// </summary>
    public void ConfirmServiceByStaff(ServiceTask task, Guid staffAccountId, int minutes, string reason, DateTimeOffset now)
    {
        EnsureTask(task);
        EnsureReviewable(allowNoShow: true);
        if (Status is not (ClaimStatus.Accepted or ClaimStatus.NoShow))
            throw DomainException.Conflict("claim.alreadyCheckedIn", "该认领已签到，请直接核验。");
        EnsureMinutes(task, minutes);
        var why = Guard.Text(reason, "reason", "补录原因", MaxConfirmationReasonLength);
        Status = ClaimStatus.CheckedIn;
        Verify(task, staffAccountId, minutes, now);
        CheckInMethod = Tasks.CheckInMethod.StaffConfirmed;
        StaffConfirmationReason = why;
    }

    /// <summary>The requester (or staff on their behalf) rates the service once, after check-out.</summary>
    public void Rate(int stars, string? comment, Guid raterId, DateTimeOffset now)
    {
        if (Status is not (ClaimStatus.CheckedOut or ClaimStatus.Verified or ClaimStatus.Rejected))
            throw DomainException.Conflict("claim.notRateable", "服务完成（签退）后才能评价。");
        if (RatingStars is not null)
            throw DomainException.Conflict("claim.alreadyRated", "该服务已评价过。");
        RatingStars = Guard.Range(stars, 1, 5, "stars", "评分");
        RatingComment = Guard.OptionalText(comment, "comment", "评价内容", MaxRatingCommentLength);
        RatedAt = now;
        RatedById = raterId;
        RatingHeldForReview = false;
    }

    /// <summary>
    /// 联合评单: staff confirm the service. Points are awarded to members (a partner organisation's
    /// claim records service time only). <paramref name="minutes"/> overrides the checked time.
    /// </summary>
    public void Verify(ServiceTask task, Guid staffAccountId, int? minutes, DateTimeOffset now)
    {
        EnsureTask(task);
        EnsureReviewable();
        if (Status == ClaimStatus.Accepted)
            throw DomainException.Conflict("claim.notCheckedIn", "该认领尚未签到，不能核验通过。");
        if (Status == ClaimStatus.CheckedIn && minutes is null)
            throw DomainException.Invalid("hours", "志愿者尚未签退，请填写核定的服务时长。");
        if (task.IsWish && ReceiptConfirmedAt is null && Status == ClaimStatus.CheckedOut)
            throw DomainException.Conflict("wish.notConfirmed", "心愿人（或社区工作人员）确认心愿已实现后才能核验。");
        if (minutes is { } m)
            EnsureMinutes(task, m);

        Status = ClaimStatus.Verified;
        ServiceMinutes = minutes ?? ServiceMinutes;
        PointsAwarded = MemberId is null ? 0 : task.Points;
        ReviewedAt = now;
        ReviewedByAccountId = staffAccountId;
        StatusReason = null;
    }

    /// <summary>Staff refuse the service. The slot is released; no points are recorded.</summary>
    public void Reject(Guid staffAccountId, string reason, DateTimeOffset now)
    {
        EnsureReviewable();
        StatusReason = Guard.Text(reason, "reason", "不通过原因", 200);
        Status = ClaimStatus.Rejected;
        ReviewedAt = now;
        ReviewedByAccountId = staffAccountId;
    }

    /// <summary>Staff cancelled the task: claims not yet served end with the task's reason.</summary>
    public bool EndBecauseTaskCancelled(string reason, DateTimeOffset now)
    {
        if (Status is not (ClaimStatus.Accepted or ClaimStatus.CheckedIn))
            return false;
        Status = ClaimStatus.TaskCancelled;
        StatusReason = reason;
        ReviewedAt = now;
        return true;
    }

    /// <summary>The task ended and the claimant never checked in.</summary>
    public bool MarkNoShowIfMissed(ServiceTask task, DateTimeOffset now)
    {
        EnsureTask(task);
        if (Status != ClaimStatus.Accepted || !task.HasEnded(now))
            return false;
        Status = ClaimStatus.NoShow;
        ReviewedAt = now;
        return true;
    }

    /// <summary>Service time counted only inside the task's window, in whole minutes.</summary>
    public static int MinutesWithinWindow(ServiceTask task, DateTimeOffset checkedIn, DateTimeOffset checkedOut)
    {
        var from = checkedIn > task.StartsAt ? checkedIn : task.StartsAt;
        var to = checkedOut < task.EndsAt ? checkedOut : task.EndsAt;
        return to > from ? (int)Math.Floor((to - from).TotalMinutes) : 0;
    }

    private static void EnsureMinutes(ServiceTask task, int minutes)
    {
        var windowMinutes = (int)Math.Ceiling((task.EndsAt - task.StartsAt).TotalMinutes);
        if (minutes <= 0 || minutes > windowMinutes)
            throw DomainException.Invalid("hours", "核定的服务时长必须大于 0，且不超过任务时长。");
    }

    private void EnsureReviewable(bool allowNoShow = false)
    {
        if (allowNoShow && Status == ClaimStatus.NoShow)
            return;
        switch (Status)
        {
            case ClaimStatus.Verified:
                throw DomainException.Conflict("claim.alreadyVerified", "该认领已核验通过，积分已记录，不能重复核验。");
            case ClaimStatus.Rejected:
                throw DomainException.Conflict("claim.alreadyRejected", "该认领已核验未通过。");
            case ClaimStatus.Cancelled or ClaimStatus.TaskCancelled or ClaimStatus.NoShow:
                throw DomainException.Conflict("claim.closed", "该认领已取消或已失效，不能核验。");
        }
    }

    private void EnsureTask(ServiceTask task)
    {
        if (task.Id != TaskId)
            throw new InvalidOperationException("The task does not belong to this claim.");
    }
}
