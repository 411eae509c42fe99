using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Satisfaction;
using Volunteer.Domain.Tasks;

namespace Volunteer.Domain.Needs;

public enum NeedStatus
{
    /// <summary>待审核</summary>
    Pending,
    /// <summary>已发布为任务</summary>
    Approved,
    /// <summary>未通过，附原因</summary>
    Rejected,
    /// <summary>居民撤回</summary>
    Withdrawn,
    /// <summary>社区无法解决，已上报街道（吹哨报到）</summary>
    Escalated,
}

/// <summary>What a resident asks for.</summary>
public sealed record NeedDetails(
    string Title,
    string? Description,
    TaskCategory Category,
    string? Address,
    DateTimeOffset? PreferredStartsAt,
    DateTimeOffset? PreferredEndsAt);

/// <summary>
/// What staff decide when approving a need (社区发单). Title, description, category, address and
/// grid default to the need's own.
/// </summary>
public sealed record ApprovalTerms(
    string? Title,
    string? Description,
    TaskCategory? Category,
    int Slots,
    int Points,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string? Address,
    bool PartyMembersOnly,
    Guid? GridId,
    GeoPoint? Location = null)
{
    public TaskTerms CompleteFrom(Need need) => new(Title ?? need.Title, Description ?? need.Description, Category ?? need.Category,
        Slots, Points, StartsAt, EndsAt, Address, PartyMembersOnly, GridId, Location);
}

/// <summary>居民下单: a need posted by a resident, or by staff on their behalf (代下单).</summary>
public sealed class Need
{
    private Need() { }

    public Guid Id { get; private set; }
    public Guid CommunityId { get; private set; }
    public Guid? GridId { get; private set; }
    public Guid RequesterId { get; private set; }
    /// <summary>Staff account that posted on the resident's behalf.</summary>
    public Guid? PostedByAccountId { get; private set; }
    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    public TaskCategory Category { get; private set; }
    public string? Address { get; private set; }
    public DateTimeOffset? PreferredStartsAt { get; private set; }
    public DateTimeOffset? PreferredEndsAt { get; private set; }
    /// <summary>The requester is vulnerable; address and circumstances stay with staff and accepted claimants.</summary>
    public bool IsSensitive { get; private set; }
    public NeedStatus Status { get; private set; }
    public string? ReviewReason { get; private set; }
    public Guid? ReviewedByAccountId { get; private set; }
    public DateTimeOffset? ReviewedAt { get; private set; }
    public Guid? TaskId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>
    /// WeChat's content check asked for a human look (review). A need is seen only by its requester and
    /// staff until approved, so staff approving or rejecting it is the review.
    /// </summary>
    public bool HeldForContentReview { get; private set; }
    /// <summary>满意度: the requester's three-level judgement once the service is done; null until rated.</summary>
    public SatisfactionLevel? Satisfaction { get; private set; }
    public string? SatisfactionComment { get; private set; }
    public DateTimeOffset? SatisfactionRatedAt { get; private set; }
    /// <summary>The requester (member id), or the staff account that recorded it for a resident without a smartphone.</summary>
    public Guid? SatisfactionRatedById { get; private set; }
    public bool SatisfactionRecordedByStaff { get; private set; }
    public int Version { get; private set; }

    public void HoldForContentReview() => HeldForContentReview = true;

    public static Need Post(Member requester, NeedDetails details, Guid? postedByAccountId, DateTimeOffset now)
    {
        if (requester.CommunityId is not { } communityId)
            throw MemberErrors.NoCommunity();
        if (!Enum.IsDefined(details.Category))
            throw DomainException.Invalid("category", "需求类别无效。");
        var startsAt = details.PreferredStartsAt is { } s ? CalendarRange.Instant(s, "preferredStartsAt") : (DateTimeOffset?)null;
        var endsAt = details.PreferredEndsAt is { } e ? CalendarRange.Instant(e, "preferredEndsAt") : (DateTimeOffset?)null;
        if (startsAt is not null && endsAt is not null && endsAt <= startsAt)
            throw DomainException.Invalid("preferredEndsAt", "期望结束时间必须晚于期望开始时间。");

        return new Need
        {
            Id = Ids.NewV7(now),
            CommunityId = communityId,
            GridId = requester.GridId,
            RequesterId = requester.Id,
            PostedByAccountId = postedByAccountId,
            Title = Guard.Text(details.Title, "title", "需求标题", 100),
            Description = Guard.OptionalText(details.Description, "description", "需求说明", 2000),
            Category = details.Category,
            Address = Guard.OptionalText(details.Address, "address", "服务地址", 200),
            PreferredStartsAt = startsAt,
            PreferredEndsAt = endsAt,
            IsSensitive = requester.IsVulnerable,
            Status = NeedStatus.Pending,
            CreatedAt = now,
        };
    }

    /// <summary>社区发单: staff publish the need as a task with points, slots and a time window.</summary>
    public ServiceTask Approve(TaskTerms terms, Guid staffAccountId, DateTimeOffset now)
    {
        EnsurePending();
        var task = ServiceTask.FromNeed(CommunityId, terms with { Address = terms.Address ?? Address, GridId = terms.GridId ?? GridId },
            staffAccountId, now, Id, RequesterId, IsSensitive);
        Status = NeedStatus.Approved;
        HeldForContentReview = false;
        TaskId = task.Id;
        ReviewedByAccountId = staffAccountId;
        ReviewedAt = now;
        return task;
    }

    public void Reject(string reason, Guid staffAccountId, DateTimeOffset now)
    {
        EnsurePending();
        ReviewReason = Guard.Text(reason, "reason", "驳回原因", 200);
        Status = NeedStatus.Rejected;
        ReviewedByAccountId = staffAccountId;
        ReviewedAt = now;
    }

    public void Withdraw(DateTimeOffset now)
    {
        EnsurePending();
        Status = NeedStatus.Withdrawn;
        ReviewedAt = now;
    }

    /// <summary>
    /// The requester rates the need once its service is done (<paramref name="serviceDone"/>: a claim on its
    /// task was checked out or verified). Staff record it only for needs they posted on the resident's
    /// behalf (代下单), for residents without a smartphone.
    /// </summary>
    public void RateSatisfaction(SatisfactionLevel level, string? comment, bool serviceDone, Guid raterId, bool byStaff, DateTimeOffset now)
    {
        if (!Enum.IsDefined(level))
            throw DomainException.Invalid("level", "满意度无效（satisfied 满意 / basicallySatisfied 基本满意 / dissatisfied 不满意）。");
        if (byStaff && PostedByAccountId is null)
            throw SatisfactionErrors.RequesterOnly();
        if (Status != NeedStatus.Approved || !serviceDone)
            throw DomainException.Conflict("satisfaction.notDone", "服务完成后才能评价满意度。");
        if (Satisfaction is not null)
            throw SatisfactionErrors.AlreadyRated();
        Satisfaction = level;
        SatisfactionComment = Guard.OptionalText(comment, "comment", "评价内容", SatisfactionTally.MaxCommentLength);
        SatisfactionRatedAt = now;
        SatisfactionRatedById = raterId;
        SatisfactionRecordedByStaff = byStaff;
    }

    /// <summary>
    /// 社区呼叫: a pending need the community cannot meet goes to the street instead of becoming a task;
    /// it leaves the review queue (see <see cref="Escalations.Escalation.Raise"/>).
    /// </summary>
    public void Escalate(DateTimeOffset now)
    {
        EnsurePending();
        Status = NeedStatus.Escalated;
        HeldForContentReview = false;
        ReviewedAt = now;
    }

    private void EnsurePending()
    {
        if (Status != NeedStatus.Pending)
            throw DomainException.Conflict("need.notPending", Status switch
            {
                NeedStatus.Approved => "该需求已发布为任务。",
                NeedStatus.Rejected => "该需求已被驳回。",
                NeedStatus.Escalated => "该需求已上报街道处理。",
                _ => "该需求已撤回。",
            });
    }
}
