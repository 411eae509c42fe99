namespace Volunteer.Domain.Escalations;

/// <summary>Where an escalation stands (社区呼叫 → 街道吹哨 → 部门报到 → 办结).</summary>
public enum EscalationState
{
    /// <summary>已上报，待街道派单.</summary>
    Open,
    /// <summary>已派单，部门办理中.</summary>
    Dispatched,
    /// <summary>已办结: every dispatched department recorded what it did.</summary>
    Resolved,
}

/// <summary>The resident's three-level verdict on how an escalation ended (满意 / 基本满意 / 不满意).</summary>
public enum EscalationSatisfaction
{
    Satisfied,
    BasicallySatisfied,
    Dissatisfied,
}

/// <summary>One line of an escalation's timeline (who did what, when). Rows are only ever added.</summary>
public enum EscalationEventKind
{
    /// <summary>社区上报</summary>
    Raised,
    /// <summary>街道派单 (one row per department sent)</summary>
    Dispatched,
    /// <summary>部门报到</summary>
    Acknowledged,
    /// <summary>部门办结</summary>
    Resolved,
    /// <summary>报到超时 (marked by the overdue job)</summary>
    AcknowledgementOverdue,
    /// <summary>办理超时 (marked by the overdue job)</summary>
    ResolutionOverdue,
    /// <summary>全部部门办结</summary>
    Closed,
    /// <summary>居民评价</summary>
    Rated,
}
