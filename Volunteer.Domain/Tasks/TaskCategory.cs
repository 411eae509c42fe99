namespace Volunteer.Domain.Tasks;

/// <summary>Kinds of task seen in the field.</summary>
public enum TaskCategory
{
    /// <summary>助老助残</summary>
    ElderlyCare,
    /// <summary>微心愿</summary>
    MicroWish,
    /// <summary>环境整治</summary>
    Environment,
    /// <summary>守楼护院、平安巡逻</summary>
    Patrol,
    /// <summary>纠纷调解</summary>
    Mediation,
    /// <summary>法律服务</summary>
    LegalAid,
    /// <summary>爱心接送</summary>
    ChildCare,
    /// <summary>文体活动</summary>
    Culture,
    /// <summary>文明劝导</summary>
    CivilityPersuasion,
    /// <summary>应急</summary>
    Emergency,
    /// <summary>其他</summary>
    Other,
}

/// <summary>
/// Where a task (<see cref="ServiceTask"/>) stands. Named apart from .NET's own <c>TaskStatus</c>; the API still
/// calls its schema <c>TaskStatus</c>.
/// </summary>
public enum ServiceTaskStatus
{
    /// <summary>Open for claims until it ends.</summary>
    Published,
    /// <summary>Ended; closed by the expiry job once its end has passed.</summary>
    Closed,
    /// <summary>Cancelled by staff; claimants see the reason.</summary>
    Cancelled,
}
