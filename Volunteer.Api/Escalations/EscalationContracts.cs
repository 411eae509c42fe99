using Volunteer.Api.Http;
using Volunteer.Domain.Escalations;
using Volunteer.Infrastructure.Escalations;

namespace Volunteer.Api.Escalations;

/// <summary>A new department (职能部门) of the street.</summary>
/// <param name="Name">部门名称，如 城管、住建、派出所、市场监管；同一街道内不可重名，最多 50 字。</param>
/// <param name="StreetId">所属街道；街道管理员省略（默认本街道），平台管理员必填。</param>
public sealed record CreateDepartmentRequest(string? Name, Guid? StreetId = null) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Name, "name", "部门名称"));
}

public sealed record DepartmentResponse(Guid Id, Guid StreetId, string Name, DateTimeOffset CreatedAt)
{
    public static DepartmentResponse Of(Department d) => new(d.Id, d.StreetId, d.Name, d.CreatedAt);
}

/// <param name="Reason">上报原因：社区为什么解决不了，需要哪些部门协调，最多 500 字。</param>
public sealed record RaiseEscalationRequest(string? Reason) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Reason, "reason", "上报原因"));
}

/// <param name="DepartmentIds">派往的职能部门（本街道），至少一个；再次派单时追加部门。</param>
/// <param name="DueAt">办结期限，须晚于当前时间；部门须在派单后 Escalations:AcknowledgeWithin（默认 24 小时，且不晚于期限）内报到。</param>
public sealed record DispatchEscalationRequest(IReadOnlyList<Guid>? DepartmentIds, DateTimeOffset? DueAt) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        DepartmentIds is null || DepartmentIds.Count == 0 ? new FieldError("departmentIds", "请至少选择一个职能部门。") : null,
        DepartmentIds is { Count: > 20 } ? new FieldError("departmentIds", "一次最多派往 20 个部门。") : null,
        Require.Present(DueAt, "dueAt", "办结期限"));
}

/// <param name="Outcome">办理结果：部门做了什么，最多 1000 字，居民可见。</param>
public sealed record ResolveEscalationRequest(string? Outcome) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Outcome, "outcome", "办理结果"));
}

/// <param name="Level">满意度：satisfied（满意）、basicallySatisfied（基本满意）、dissatisfied（不满意）。</param>
/// <param name="Comment">评价内容，可选，最多 300 字。</param>
public sealed record RateEscalationRequest(EscalationSatisfaction? Level, string? Comment) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Level, "level", "满意度"));
}

/// <summary>Where one department stands.</summary>
public enum AssignmentState
{
    /// <summary>已派单，待报到</summary>
    Assigned,
    /// <summary>已报到，办理中</summary>
    Acknowledged,
    /// <summary>已办结</summary>
    Resolved,
}

/// <summary>One department's part: sent, reported in (报到), resolved, and whether it was late.</summary>
/// <param name="AcknowledgeDueAt">报到期限。</param>
/// <param name="DueAt">办结期限。</param>
/// <param name="Outcome">办理结果。</param>
/// <param name="AcknowledgementOverdue">报到是否超时。</param>
/// <param name="ResolutionOverdue">办理是否超时。</param>
public sealed record EscalationDepartmentResponse(Guid DepartmentId, string DepartmentName, AssignmentState State, DateTimeOffset AssignedAt,
    DateTimeOffset AcknowledgeDueAt, DateTimeOffset DueAt, DateTimeOffset? AcknowledgedAt, DateTimeOffset? ResolvedAt, string? Outcome,
    bool AcknowledgementOverdue, bool ResolutionOverdue);

/// <summary>One line of the timeline: who did what, when.</summary>
/// <param name="Kind">raised 上报、dispatched 派单、acknowledged 报到、resolved 部门办结、acknowledgementOverdue 报到超时、resolutionOverdue 办理超时、closed 全部办结、rated 评价。</param>
/// <param name="DepartmentName">涉及的职能部门。</param>
/// <param name="ActorName">操作人（工作人员显示名；居民本人显示为“居民”；系统操作为空）。</param>
/// <param name="Note">上报原因、办理结果或评价。</param>
public sealed record EscalationEventResponse(EscalationEventKind Kind, string? DepartmentName, string? ActorName, string? Note, DateTimeOffset At);

/// <summary>An escalation (吹哨报到事项).</summary>
/// <param name="State">open 待派单、dispatched 办理中、resolved 已办结。</param>
/// <param name="NeedTitle">被上报的需求。</param>
/// <param name="Reason">社区的上报原因。</param>
/// <param name="RaisedBy">上报的社区工作人员。</param>
/// <param name="Satisfaction">居民评价：satisfied、basicallySatisfied、dissatisfied；未评价为 null。</param>
/// <param name="Timeline">处理经过，按时间先后；仅在详情（GET /api/v1/escalations/{id}）中返回，列表中为 null。</param>
public sealed record EscalationResponse(
    Guid Id,
    Guid NeedId,
    string NeedTitle,
    Guid CommunityId,
    string CommunityName,
    Guid StreetId,
    EscalationState State,
    string Reason,
    string RaisedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DispatchedAt,
    DateTimeOffset? ResolvedAt,
    IReadOnlyList<EscalationDepartmentResponse> Departments,
    EscalationSatisfaction? Satisfaction,
    string? SatisfactionComment,
    DateTimeOffset? RatedAt,
    IReadOnlyList<EscalationEventResponse>? Timeline)
{
    public static EscalationResponse Of(Escalation e, EscalationNames names, bool withTimeline) => new(
        e.Id, e.NeedId, names.NeedTitle(e.NeedId), e.CommunityId, names.Community(e.CommunityId), e.StreetId, e.State, e.Reason,
        names.Account(e.RaisedByAccountId), e.CreatedAt, e.DispatchedAt, e.ResolvedAt,
        e.Assignments.OrderBy(a => a.AssignedAt).ThenBy(a => names.Department(a.DepartmentId), StringComparer.Ordinal).Select(a => new EscalationDepartmentResponse(
            a.DepartmentId, names.Department(a.DepartmentId),
            a.ResolvedAt is not null ? AssignmentState.Resolved : a.AcknowledgedAt is not null ? AssignmentState.Acknowledged : AssignmentState.Assigned,
            a.AssignedAt, a.AcknowledgeDueAt, a.DueAt, a.AcknowledgedAt, a.ResolvedAt, a.Outcome,
            a.AcknowledgementOverdueAt is not null, a.ResolutionOverdueAt is not null)).ToList(),
        e.Satisfaction, e.SatisfactionComment, e.RatedAt,
        withTimeline
            ? e.Timeline.OrderBy(t => t.Sequence).Select(t => new EscalationEventResponse(t.Kind,
                t.DepartmentId is null ? null : names.Department(t.DepartmentId),
                t.ActorAccountId is not null ? names.Account(t.ActorAccountId) : t.ActorMemberId is not null ? "居民" : null,
                t.Note, t.At)).ToList()
            : null);
}

/// <summary>One department's month.</summary>
/// <param name="Received">当月派来的事项数。</param>
/// <param name="Acknowledged">其中已报到的。</param>
/// <param name="Resolved">其中已办结的。</param>
/// <param name="MedianMinutesToAcknowledge">从派单到报到的中位时长（分钟）；无报到为 null。</param>
/// <param name="MedianMinutesToResolve">从派单到办结的中位时长（分钟）；无办结为 null。</param>
/// <param name="Overdue">报到或办理超时的事项数。</param>
/// <param name="Rated">已评价的事项数。</param>
/// <param name="SatisfiedShare">满意占已评价的比例（0–1）；无评价为 null。</param>
/// <param name="BasicallySatisfiedShare">基本满意占比。</param>
/// <param name="DissatisfiedShare">不满意占比。</param>
public sealed record DepartmentEscalationStatisticsResponse(Guid DepartmentId, string DepartmentName, int Received, int Acknowledged, int Resolved,
    double? MedianMinutesToAcknowledge, double? MedianMinutesToResolve, int Overdue, int Rated, decimal? SatisfiedShare,
    decimal? BasicallySatisfiedShare, decimal? DissatisfiedShare);

/// <summary>A street's escalations in one month, per department.</summary>
/// <param name="Raised">当月社区上报的事项数。</param>
/// <param name="ResolvedInPeriod">当月全部办结的事项数。</param>
public sealed record EscalationStatisticsResponse(string Period, Guid StreetId, int Raised, int ResolvedInPeriod,
    IReadOnlyList<DepartmentEscalationStatisticsResponse> Departments)
{
    public static EscalationStatisticsResponse Of(EscalationStatistics s) => new(s.Period.ToString(), s.StreetId, s.Raised, s.ResolvedInPeriod,
        s.Departments.Select(d => new DepartmentEscalationStatisticsResponse(d.DepartmentId, d.DepartmentName, d.Received, d.Acknowledged,
            d.Resolved, d.MedianMinutesToAcknowledge, d.MedianMinutesToResolve, d.Overdue, d.Rated, d.SatisfiedShare,
            d.BasicallySatisfiedShare, d.DissatisfiedShare)).ToList());
}
