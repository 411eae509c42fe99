using Volunteer.Domain.Common;

namespace Volunteer.Domain.Tasks;

/// <summary>What staff set when publishing a task (社区发单), directly or from a resident's need.</summary>
public sealed record TaskTerms(
    string Title,
    string? Description,
    TaskCategory Category,
    int Slots,
    int Points,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string? Address,
    bool PartyMembersOnly,
    Guid? GridId,
    GeoPoint? Location = null);

/// <summary>
/// What a task's claims quote of it: its id, title and start. All three are set when the task is published and
/// nothing changes them afterwards (<see cref="ServiceTask"/> has no operation that does; <c>ServiceTaskTests</c>
/// runs every one). A claim's rows (the claim, its 认领成功 message) and its answer need nothing else of the task, so
/// an API instance may keep these to make a claim without reading the task first; the write that takes the slot
/// still compares the title and the start with the row (<c>ClaimSql</c>), so a task edited one day is not quoted
/// as it was.
/// </summary>
public sealed record PublishedTerms(Guid TaskId, string Title, DateTimeOffset StartsAt);

/// <summary>
/// A task published by community staff, with a fixed number of slots (名额). The slot counter
/// <see cref="Taken"/> never exceeds <see cref="Slots"/>; the database enforces the same rule
/// atomically when many people claim at once.
/// </summary>
public sealed class ServiceTask
{
    public const int MaxSlots = 1000;
    public const int MaxPoints = 1000;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(90);
    /// <summary>Volunteers may check in this long before the start.</summary>
    public static readonly TimeSpan EarlyCheckIn = TimeSpan.FromMinutes(30);

    private ServiceTask() { }

    public Guid Id { get; private set; }
    public Guid CommunityId { get; private set; }
    public Guid? GridId { get; private set; }
    /// <summary>The resident's need this task was approved from, if any.</summary>
    public Guid? NeedId { get; private set; }
    /// <summary>The resident the service is for; they rate it.</summary>
    public Guid? RequesterId { get; private set; }
    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    public TaskCategory Category { get; private set; }
    public string? Address { get; private set; }
    /// <summary>Where the service happens, for check-in by position; null when staff set none.</summary>
    public double? Latitude { get; private set; }
    public double? Longitude { get; private set; }
    /// <summary>The need came from a vulnerable resident: the address is shown only to staff and accepted claimants.</summary>
    public bool IsSensitive { get; private set; }
    public int Slots { get; private set; }
    public int Taken { get; private set; }
    public int Points { get; private set; }
    public DateTimeOffset StartsAt { get; private set; }
    public DateTimeOffset EndsAt { get; private set; }
    /// <summary>党员先锋岗: only confirmed party members may claim.</summary>
    public bool PartyMembersOnly { get; private set; }
    public ServiceTaskStatus Status { get; private set; }
    public string? CancelReason { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }
    public Guid CreatedByAccountId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>微心愿 only: staff took the wish off the public wall (privacy); it stays claimable by link and in staff views.</summary>
    public bool HiddenFromWall { get; private set; }
    public int Version { get; private set; }

    public int Remaining => RemainingOf(Slots, Taken);

    /// <summary>The slots still free of a task with <paramref name="slots"/> slots, <paramref name="taken"/> of them taken.</summary>
    public static int RemainingOf(int slots, int taken) => slots - taken;

    public GeoPoint? Location => Latitude is { } lat && Longitude is { } lon ? GeoPoint.Of(lat, lon) : null;

    /// <summary>微心愿: one adopter fulfils a resident's small wish.</summary>
    public bool IsWish => Category == TaskCategory.MicroWish;

    public static ServiceTask Publish(Guid communityId, TaskTerms terms, Guid staffAccountId, DateTimeOffset now) =>
        Create(communityId, terms, staffAccountId, now, needId: null, requesterId: null, isSensitive: false);

    internal static ServiceTask FromNeed(Guid communityId, TaskTerms terms, Guid staffAccountId, DateTimeOffset now,
        Guid needId, Guid requesterId, bool isSensitive) =>
        Create(communityId, terms, staffAccountId, now, needId, requesterId, isSensitive);

    private static ServiceTask Create(Guid communityId, TaskTerms terms, Guid staffAccountId, DateTimeOffset now,
        Guid? needId, Guid? requesterId, bool isSensitive)
    {
        if (!Enum.IsDefined(terms.Category))
            throw DomainException.Invalid("category", "任务类别无效。");
        var startsAt = CalendarRange.Instant(terms.StartsAt, "startsAt");
        var endsAt = CalendarRange.Instant(terms.EndsAt, "endsAt");
        if (endsAt <= startsAt)
            throw DomainException.Invalid("endsAt", "结束时间必须晚于开始时间。");
        if (endsAt - startsAt > MaxDuration)
            throw DomainException.Invalid("endsAt", "任务时长不能超过 90 天。");
        if (endsAt <= now)
            throw DomainException.Invalid("endsAt", "结束时间必须晚于当前时间。");
        if (terms.Category == TaskCategory.MicroWish && terms.Slots != 1)
            throw DomainException.Invalid("slots", "微心愿只由一位认领人认领，名额须为 1。");

        return new ServiceTask
        {
            Id = Ids.NewV7(now),
            CommunityId = communityId,
            GridId = terms.GridId,
            NeedId = needId,
            RequesterId = requesterId,
            Title = Guard.Text(terms.Title, "title", "任务标题", 100),
            Description = Guard.OptionalText(terms.Description, "description", "任务说明", 2000),
            Category = terms.Category,
            Address = Guard.OptionalText(terms.Address, "address", "服务地点", 200),
            Latitude = terms.Location?.Latitude,
            Longitude = terms.Location?.Longitude,
            IsSensitive = isSensitive,
            Slots = Guard.Range(terms.Slots, 1, MaxSlots, "slots", "名额"),
            Points = Guard.Range(terms.Points, 0, MaxPoints, "points", "积分"),
            StartsAt = startsAt,
            EndsAt = endsAt,
            PartyMembersOnly = terms.PartyMembersOnly,
            Status = ServiceTaskStatus.Published,
            CreatedByAccountId = staffAccountId,
            CreatedAt = now,
        };
    }

    /// <summary>What the task's claims quote of it, fixed since it was published.</summary>
    public PublishedTerms Terms => new(Id, Title, StartsAt);

    public bool HasEnded(DateTimeOffset now) => now >= EndsAt;

    /// <summary>
    /// A slot can be taken now: the task is published, has not ended and is not full. <see cref="Claim"/> checks it
    /// in memory; the claim's conditional UPDATE (<c>ClaimSql</c>, which writes it in SQL) re-checks it in the database.
    /// </summary>
    public static readonly ConditionAt<ServiceTask> SlotFree =
        new((t, now) => t.Status == ServiceTaskStatus.Published && t.Taken < t.Slots && t.EndsAt > now);

    /// <summary>
    /// Checks that <paramref name="claimant"/> may claim now and takes a slot. The caller persists the
    /// slot with an atomic conditional update, because another claim may have taken it meanwhile.
    /// </summary>
    /// <remarks>
    /// The rules, in the order a refusal is explained: open (not cancelled, not ended), not the claimant's own need,
    /// 党员先锋岗 only for a confirmed party member (<see cref="EnsureClaimableBy"/>), a slot free (<see cref="SlotFree"/>).
    /// A resident's claim on PostgreSQL is decided by the database first, in the statement that takes the slot
    /// (<c>ClaimSql.ClaimableByMember</c> and <c>ClaimSql.SlotFree</c> are these rules in SQL, and
    /// <c>ClaimSqlTests</c> checks that they pick the same task and member pairs as this method); when that statement
    /// takes nothing, this method, on the task as read, explains why.
    /// </remarks>
    public Claim Claim(Claimant claimant, DateTimeOffset now)
    {
        EnsureOpen(now);
        EnsureClaimableBy(claimant);
        if (!SlotFree.IsMetBy(this, now))
            throw TaskErrors.Full();
        Taken++;
        return Tasks.Claim.Create(Id, claimant, now);
    }

    /// <summary>Who may claim the task, whatever its slots: not the requester of their own need or wish; a 党员先锋岗 only a confirmed party member.</summary>
    public void EnsureClaimableBy(Claimant claimant)
    {
        if (RequesterId is { } requester && claimant.MemberId == requester)
            throw DomainException.Forbidden("claim.ownNeed", "不能认领为自己发布的需求或心愿。");
        if (PartyMembersOnly && !claimant.IsConfirmedPartyMember)
            throw DomainException.Forbidden("task.partyMembersOnly", "该任务为党员先锋岗，仅限经社区确认的党员认领。");
    }

    /// <summary>A claim let go of its slot (cancelled before check-in, no-show or rejected).</summary>
    public void ReleaseSlot()
    {
        if (Taken <= 0)
            throw new InvalidOperationException("No slot is taken.");
        Taken--;
    }

    public void Cancel(string reason, DateTimeOffset now)
    {
        if (Status == ServiceTaskStatus.Cancelled)
            throw TaskErrors.Cancelled();
        if (Status == ServiceTaskStatus.Closed || HasEnded(now))
            throw TaskErrors.Ended();
        CancelReason = Guard.Text(reason, "reason", "取消原因", 200);
        Status = ServiceTaskStatus.Cancelled;
        CancelledAt = now;
    }

    /// <summary>Staff take a wish off the public wall, or put it back (隐私保护).</summary>
    public void SetHiddenFromWall(bool hidden)
    {
        if (!IsWish)
            throw TaskErrors.NotWish();
        HiddenFromWall = hidden;
    }

    /// <summary>Marks a task whose end has passed as closed; false when there is nothing to do.</summary>
    public bool CloseIfEnded(DateTimeOffset now)
    {
        if (Status != ServiceTaskStatus.Published || !HasEnded(now))
            return false;
        Status = ServiceTaskStatus.Closed;
        return true;
    }

    /// <summary>
    /// Whether the exact address may be shown. Sensitive addresses (from vulnerable residents) are
    /// shown only to staff who manage the community, the requester, and members whose claim was accepted.
    /// </summary>
    public bool AddressVisibleTo(bool viewerManagesCommunity, bool viewerIsRequester, bool viewerHasAcceptedClaim) =>
        AddressVisible(IsSensitive, viewerManagesCommunity, viewerIsRequester, viewerHasAcceptedClaim);

    /// <summary>
    /// The rule of <see cref="AddressVisibleTo"/> for a task read as columns rather than as an entity (the task list
    /// projects only what its answer shows).
    /// </summary>
    public static bool AddressVisible(bool isSensitive, bool viewerManagesCommunity, bool viewerIsRequester, bool viewerHasAcceptedClaim) =>
        !isSensitive || viewerManagesCommunity || viewerIsRequester || viewerHasAcceptedClaim;

    /// <summary>Refuses a task that was cancelled or has ended (claims, check-in codes).</summary>
    public void EnsureOpen(DateTimeOffset now)
    {
        if (Status == ServiceTaskStatus.Cancelled)
            throw TaskErrors.Cancelled();
        if (Status == ServiceTaskStatus.Closed || HasEnded(now))
            throw TaskErrors.Ended();
    }
}
