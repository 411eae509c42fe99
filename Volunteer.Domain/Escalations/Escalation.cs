using Volunteer.Domain.Common;
using Volunteer.Domain.Needs;

namespace Volunteer.Domain.Escalations;

/// <summary>
/// 社区呼叫、街道吹哨、部门报到: a need the community could not meet, raised to its street. The street
/// dispatches it to departments with a deadline; each department reports in (报到) and records what it
/// did; when every department has, the escalation is resolved and the resident rates the outcome.
/// Every step is a row of <see cref="Timeline"/>, numbered in order. Each change moves this row's
/// <see cref="Version"/> on (even when only a department's row changes), so the version check makes
/// simultaneous changes by several departments run one after another; load it with its departments and timeline.
/// </summary>
public sealed class Escalation
{
    public const int ReasonMaxLength = 500;
    public const int OutcomeMaxLength = 1000;
    public const int CommentMaxLength = 300;

    private readonly List<EscalationAssignment> _assignments = [];
    private readonly List<EscalationEvent> _timeline = [];

    private Escalation() { }

    public Guid Id { get; private set; }
    public Guid NeedId { get; private set; }
    public Guid StreetId { get; private set; }
    public Guid CommunityId { get; private set; }
    /// <summary>The resident whose need it is.</summary>
    public Guid RequesterId { get; private set; }
    /// <summary>Staff posted the need for a resident without a smartphone (代下单): staff may record the rating for them.</summary>
    public bool PostedByStaff { get; private set; }
    public Guid RaisedByAccountId { get; private set; }
    public string Reason { get; private set; } = "";
    public EscalationState State { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DispatchedAt { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public EscalationSatisfaction? Satisfaction { get; private set; }
    public string? SatisfactionComment { get; private set; }
    public DateTimeOffset? RatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    /// <summary>The departments it was sent to, one row each.</summary>
    public IReadOnlyCollection<EscalationAssignment> Assignments => _assignments;

    /// <summary>Who did what and when; loaded for reading, appended to by every change.</summary>
    public IReadOnlyCollection<EscalationEvent> Timeline => _timeline;

    public bool IsOpen => State != EscalationState.Resolved;

    /// <summary>社区呼叫: community staff raise a need of their community to the street. The need leaves the community's review queue.</summary>
    public static Escalation Raise(Need need, Guid streetId, Guid staffAccountId, string? reason, DateTimeOffset now)
    {
        var text = Guard.Text(reason, "reason", "上报原因", ReasonMaxLength);
        need.Escalate(now);
        var escalation = new Escalation
        {
            Id = Ids.NewV7(now),
            NeedId = need.Id,
            StreetId = streetId,
            CommunityId = need.CommunityId,
            RequesterId = need.RequesterId,
            PostedByStaff = need.PostedByAccountId is not null,
            RaisedByAccountId = staffAccountId,
            Reason = text,
            State = EscalationState.Open,
            CreatedAt = now,
            UpdatedAt = now,
        };
        escalation.Record(EscalationEventKind.Raised, null, staffAccountId, null, text, now);
        return escalation;
    }

    /// <summary>
    /// 街道吹哨: the street sends it to departments of the same street, to be done by <paramref name="dueAt"/>.
    /// Sending it again adds departments; those already sent keep their own deadline.
    /// </summary>
    /// <param name="acknowledgeWithin">How soon a department must report in (never later than <paramref name="dueAt"/>).</param>
    public IReadOnlyList<EscalationAssignment> Dispatch(IReadOnlyCollection<Department> departments, DateTimeOffset dueAt,
        TimeSpan acknowledgeWithin, Guid adminAccountId, DateTimeOffset now)
    {
        if (State == EscalationState.Resolved)
            throw DomainException.Conflict("escalation.resolved", "该事项已办结，不能再派单。");
        if (departments.Count == 0)
            throw DomainException.Invalid("departmentIds", "请至少选择一个职能部门。");
        if (departments.Any(d => d.StreetId != StreetId))
            throw DomainException.Invalid("departmentIds", "职能部门不存在或不属于本街道。");
        var due = CalendarRange.Instant(dueAt, "dueAt");
        if (due <= now)
            throw DomainException.Invalid("dueAt", "办理期限必须晚于当前时间。");

        var added = new List<EscalationAssignment>();
        foreach (var department in departments.DistinctBy(d => d.Id))
        {
            if (_assignments.Any(a => a.DepartmentId == department.Id))
                continue;
            var acknowledgeBy = now + acknowledgeWithin < due ? now + acknowledgeWithin : due;
            var assignment = EscalationAssignment.Create(Id, department.Id, adminAccountId, acknowledgeBy, due, now);
            _assignments.Add(assignment);
            added.Add(assignment);
            Record(EscalationEventKind.Dispatched, department.Id, adminAccountId, null, null, now);
        }
        if (added.Count == 0)
            throw DomainException.Conflict("escalation.alreadyDispatched", "所选部门均已派单。");
        State = EscalationState.Dispatched;
        DispatchedAt ??= now;
        Touch(now);
        return added;
    }

    /// <summary>部门报到: the department confirms it has taken the matter on.</summary>
    public EscalationAssignment Acknowledge(Guid departmentId, Guid staffAccountId, DateTimeOffset now)
    {
        var assignment = AssignmentOf(departmentId);
        assignment.Acknowledge(staffAccountId, now);
        Record(EscalationEventKind.Acknowledged, departmentId, staffAccountId, null, null, now);
        Touch(now);
        return assignment;
    }

    /// <summary>部门办结: the department records what it did. The last one to do so resolves the escalation.</summary>
    public EscalationAssignment Resolve(Guid departmentId, Guid staffAccountId, string? outcome, DateTimeOffset now)
    {
        var assignment = AssignmentOf(departmentId);
        assignment.Resolve(staffAccountId, Guard.Text(outcome, "outcome", "办理结果", OutcomeMaxLength), now);
        Record(EscalationEventKind.Resolved, departmentId, staffAccountId, null, assignment.Outcome, now);
        if (_assignments.All(a => a.ResolvedAt is not null))
        {
            State = EscalationState.Resolved;
            ResolvedAt = now;
            Record(EscalationEventKind.Closed, null, null, null, null, now);
        }
        Touch(now);
        return assignment;
    }

    /// <summary>
    /// Marks each report-in and each resolution past its deadline overdue, once. Returns what it marked now
    /// (nothing when everything due was marked before).
    /// </summary>
    public IReadOnlyList<(EscalationAssignment Assignment, EscalationEventKind Kind)> MarkOverdue(DateTimeOffset now)
    {
        var marked = new List<(EscalationAssignment, EscalationEventKind)>();
        foreach (var assignment in _assignments)
        {
            if (assignment.MarkAcknowledgementOverdue(now))
            {
                marked.Add((assignment, EscalationEventKind.AcknowledgementOverdue));
                Record(EscalationEventKind.AcknowledgementOverdue, assignment.DepartmentId, null, null, null, now);
            }
            if (assignment.MarkResolutionOverdue(now))
            {
                marked.Add((assignment, EscalationEventKind.ResolutionOverdue));
                Record(EscalationEventKind.ResolutionOverdue, assignment.DepartmentId, null, null, null, now);
            }
        }
        if (marked.Count > 0)
            Touch(now);
        return marked;
    }

    /// <summary>
    /// 居民评价: the resident rates the outcome once, after it is resolved. Staff record it for a resident
    /// without a smartphone whose need they posted (<paramref name="byStaffAccountId"/>).
    /// </summary>
    public void Rate(EscalationSatisfaction level, string? comment, Guid? byMemberId, Guid? byStaffAccountId, DateTimeOffset now)
    {
        if (!Enum.IsDefined(level))
            throw DomainException.Invalid("level", "满意度须为 satisfied、basicallySatisfied 或 dissatisfied。");
        if (State != EscalationState.Resolved)
            throw DomainException.Conflict("escalation.notResolved", "事项办结后才能评价。");
        if (Satisfaction is not null)
            throw DomainException.Conflict("escalation.alreadyRated", "该事项已评价过。");
        if (byStaffAccountId is not null && !PostedByStaff)
            throw DomainException.Forbidden("escalation.rateForResident", "居民本人提交的需求须由居民本人评价。");
        Satisfaction = level;
        SatisfactionComment = Guard.OptionalText(comment, "comment", "评价内容", CommentMaxLength);
        RatedAt = now;
        Touch(now);
        Record(EscalationEventKind.Rated, null, byStaffAccountId, byMemberId, $"{Label(level)}{(SatisfactionComment is null ? "" : "：" + SatisfactionComment)}", now);
    }

    public bool IsDispatchedTo(Guid departmentId) => _assignments.Any(a => a.DepartmentId == departmentId);

    public static string Label(EscalationSatisfaction level) => level switch
    {
        EscalationSatisfaction.Satisfied => "满意",
        EscalationSatisfaction.BasicallySatisfied => "基本满意",
        _ => "不满意",
    };

    public static string Label(EscalationState state) => state switch
    {
        EscalationState.Open => "待派单",
        EscalationState.Dispatched => "办理中",
        _ => "已办结",
    };

    private EscalationAssignment AssignmentOf(Guid departmentId) =>
        _assignments.SingleOrDefault(a => a.DepartmentId == departmentId)
        ?? throw EscalationErrors.NotFound();

    private void Record(EscalationEventKind kind, Guid? departmentId, Guid? accountId, Guid? memberId, string? note, DateTimeOffset now) =>
        _timeline.Add(EscalationEvent.Create(Id, _timeline.Count + 1, kind, departmentId, accountId, memberId, note, now));

    /// <summary>
    /// Marks the row changed even when nothing of its own changed (the same instant, a department's row only),
    /// so the version check sees every change; the store keeps the same next version.
    /// </summary>
    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }
}

/// <summary>One department's part in an escalation: sent, reported in (报到), resolved; and whether it was late.</summary>
public sealed class EscalationAssignment
{
    private EscalationAssignment() { }

    public Guid Id { get; private set; }
    public Guid EscalationId { get; private set; }
    public Guid DepartmentId { get; private set; }
    public Guid AssignedByAccountId { get; private set; }
    public DateTimeOffset AssignedAt { get; private set; }
    /// <summary>Report in by then.</summary>
    public DateTimeOffset AcknowledgeDueAt { get; private set; }
    /// <summary>Resolve by then.</summary>
    public DateTimeOffset DueAt { get; private set; }
    public DateTimeOffset? AcknowledgedAt { get; private set; }
    public Guid? AcknowledgedByAccountId { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public Guid? ResolvedByAccountId { get; private set; }
    public string? Outcome { get; private set; }
    /// <summary>When the report-in was found late (by the overdue job, or on a late report-in).</summary>
    public DateTimeOffset? AcknowledgementOverdueAt { get; private set; }
    /// <summary>When the resolution was found late.</summary>
    public DateTimeOffset? ResolutionOverdueAt { get; private set; }

    public bool IsOverdue => AcknowledgementOverdueAt is not null || ResolutionOverdueAt is not null;

    internal static EscalationAssignment Create(Guid escalationId, Guid departmentId, Guid adminAccountId, DateTimeOffset acknowledgeBy,
        DateTimeOffset dueAt, DateTimeOffset now) => new()
    {
        Id = Ids.NewV7(now),
        EscalationId = escalationId,
        DepartmentId = departmentId,
        AssignedByAccountId = adminAccountId,
        AssignedAt = now,
        AcknowledgeDueAt = acknowledgeBy,
        DueAt = dueAt,
    };

    internal void Acknowledge(Guid staffAccountId, DateTimeOffset now)
    {
        if (AcknowledgedAt is not null)
            throw DomainException.Conflict("escalation.alreadyAcknowledged", "本部门已报到。");
        AcknowledgedAt = now;
        AcknowledgedByAccountId = staffAccountId;
        if (now > AcknowledgeDueAt)
            AcknowledgementOverdueAt ??= now;
    }

    internal void Resolve(Guid staffAccountId, string outcome, DateTimeOffset now)
    {
        if (ResolvedAt is not null)
            throw DomainException.Conflict("escalation.alreadyResolved", "本部门已办结。");
        if (AcknowledgedAt is null)
            throw DomainException.Conflict("escalation.notAcknowledged", "请先报到，再登记办理结果。");
        ResolvedAt = now;
        ResolvedByAccountId = staffAccountId;
        Outcome = outcome;
        if (now > DueAt)
            ResolutionOverdueAt ??= now;
    }

    internal bool MarkAcknowledgementOverdue(DateTimeOffset now)
    {
        if (AcknowledgedAt is not null || AcknowledgementOverdueAt is not null || now <= AcknowledgeDueAt)
            return false;
        AcknowledgementOverdueAt = now;
        return true;
    }

    internal bool MarkResolutionOverdue(DateTimeOffset now)
    {
        if (ResolvedAt is not null || ResolutionOverdueAt is not null || now <= DueAt)
            return false;
        ResolutionOverdueAt = now;
        return true;
    }
}

/// <summary>A line of the timeline: what happened, for which department, done by which account or resident, with its text.</summary>
public sealed class EscalationEvent
{
    private EscalationEvent() { }

    public Guid Id { get; private set; }
    public Guid EscalationId { get; private set; }
    /// <summary>1, 2, 3 … within the escalation: the order of the timeline, whatever the clock says.</summary>
    public int Sequence { get; private set; }
    public EscalationEventKind Kind { get; private set; }
    public Guid? DepartmentId { get; private set; }
    public Guid? ActorAccountId { get; private set; }
    public Guid? ActorMemberId { get; private set; }
    public string? Note { get; private set; }
    public DateTimeOffset At { get; private set; }

    internal static EscalationEvent Create(Guid escalationId, int sequence, EscalationEventKind kind, Guid? departmentId, Guid? accountId,
        Guid? memberId, string? note, DateTimeOffset now) => new()
    {
        Id = Ids.NewV7(now),
        EscalationId = escalationId,
        Sequence = sequence,
        Kind = kind,
        DepartmentId = departmentId,
        ActorAccountId = accountId,
        ActorMemberId = memberId,
        Note = note,
        At = now,
    };
}
