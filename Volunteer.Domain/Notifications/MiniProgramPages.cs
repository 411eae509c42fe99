namespace Volunteer.Domain.Notifications;

/// <summary>
/// The pages of the residents' mini-program the server sends people to: a notification's link, the page a
/// WeChat subscribe message opens, the page a task's 小程序码 opens. Written as WeChat takes them (no leading
/// slash; the object as <c>?id=…</c>); each must be a page of <c>miniprogram/src/app.json</c>, which a test checks.
/// </summary>
public static class MiniProgramPages
{
    /// <summary>任务详情: opened with <c>?id=</c> or, from a 小程序码, with <c>?scene=</c>.</summary>
    public const string TaskDetail = "pages/task-detail/index";

    /// <summary>我的认领.</summary>
    public const string MyClaims = "pages/claims/index";

    /// <summary>我的需求 (and posting a new one).</summary>
    public const string MyNeeds = "pages/need/index";

    /// <summary>兑换码: <c>?id=</c> opens that redemption's code.</summary>
    public const string RedemptionCodes = "pages/codes/index";

    /// <summary>我的 (a tab page: opened without query).</summary>
    public const string Profile = "pages/profile/index";

    /// <summary>光荣榜, with the honour roll (a tab page).</summary>
    public const string Honours = "pages/rankings/index";

    /// <summary>吹哨报到事项: <c>?id=</c> shows its progress and, once resolved, asks for a rating.</summary>
    public const string Escalation = "pages/escalation/index";

    public static IReadOnlyList<string> All { get; } = [TaskDetail, MyClaims, MyNeeds, RedemptionCodes, Profile, Honours, Escalation];

    /// <summary>A page opened on one object.</summary>
    public static string For(string page, Guid id) => $"{page}?id={id}";
}
