using System.Globalization;
using Volunteer.Domain.Common;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Rewards;
using Volunteer.Domain.Tasks;

namespace Volunteer.Api.Console;

/// <summary>The Chinese words and China-time formats the console shows.</summary>
public static class ConsoleText
{
    public static string Of(TaskCategory category) => category switch
    {
        TaskCategory.ElderlyCare => "助老助残",
        TaskCategory.MicroWish => "微心愿",
        TaskCategory.Environment => "环境整治",
        TaskCategory.Patrol => "守楼护院",
        TaskCategory.Mediation => "纠纷调解",
        TaskCategory.LegalAid => "法律服务",
        TaskCategory.ChildCare => "爱心接送",
        TaskCategory.Culture => "文体活动",
        TaskCategory.CivilityPersuasion => "文明劝导",
        TaskCategory.Emergency => "应急",
        _ => "其他",
    };

    public static string Of(ServiceTaskStatus status) => status switch
    {
        ServiceTaskStatus.Published => "进行中",
        ServiceTaskStatus.Closed => "已结束",
        _ => "已取消",
    };

    public static string Of(NeedStatus status) => status switch
    {
        NeedStatus.Pending => "待审核",
        NeedStatus.Approved => "已发单",
        NeedStatus.Rejected => "已驳回",
        NeedStatus.Escalated => "已上报街道",
        _ => "已撤回",
    };

    public static string Of(ClaimStatus status) => status switch
    {
        ClaimStatus.Accepted => "已认领",
        ClaimStatus.CheckedIn => "已签到",
        ClaimStatus.CheckedOut => "已签退",
        ClaimStatus.Verified => "已核验",
        ClaimStatus.Rejected => "核验未通过",
        ClaimStatus.Cancelled => "已取消",
        ClaimStatus.TaskCancelled => "任务取消",
        _ => "未到场",
    };

    public static string Of(RedemptionStatus status) => status switch
    {
        RedemptionStatus.Pending => "待核销",
        RedemptionStatus.Fulfilled => "已核销",
        RedemptionStatus.Cancelled => "已取消",
        _ => "已过期",
    };

    /// <summary>China time, as staff read it.</summary>
    public static string Time(DateTimeOffset? instant) =>
        instant is { } i ? ChinaTime.ToChina(i).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";

    /// <summary>The value of a <c>datetime-local</c> input, in China time.</summary>
    public static string Input(DateTimeOffset instant) =>
        ChinaTime.ToChina(instant).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Reads a <c>datetime-local</c> value as China time; null when empty or malformed.</summary>
    public static DateTimeOffset? FromInput(string? value) =>
        DateTime.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, ChinaTime.Offset).ToUniversalTime()
            : null;

    public static string Hours(int minutes) => (minutes / 60m).ToString("0.##", CultureInfo.InvariantCulture);
}
