using System.Globalization;
using System.Runtime.CompilerServices;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Recognition;
using Volunteer.Domain.Rewards;
using Volunteer.Domain.Tasks;

namespace Volunteer.Domain.Notifications;

/// <summary>
/// The words of every event: inbox title and body, the page it opens and the subscribe message's
/// keywords. Keywords are fixed per kind (README "Notifications"): choose each kind's template in
/// the mini-program's template library with keywords of these types in this order.
/// </summary>
public sealed partial class Notification
{
    public static Notification NeedSubmitted(Guid staffAccountId, Need need, DateTimeOffset now) =>
        Create(NotificationKind.NeedSubmitted, Recipient.Account(staffAccountId), need.Id,
            "新的居民需求待审核", $"居民提交了需求「{need.Title}」，请尽快审核。", $"/console/needs/{need.Id}",
            new TemplateData().Text("thing1", need.Title).Text("phrase2", "待审核").Time("time3", need.CreatedAt), now);

    public static Notification NeedApproved(Need need, ServiceTask task, DateTimeOffset now) =>
        Create(NotificationKind.NeedApproved, Recipient.Member(need.RequesterId), need.Id,
            "需求已通过审核", $"您的需求「{need.Title}」已通过审核，发布为志愿任务，等待志愿者认领。", TaskPage(task.Id),
            new TemplateData().Text("thing1", need.Title).Text("phrase2", "已通过").Time("time3", now).Text("thing4", "已发布为志愿任务"), now);

    public static Notification NeedRejected(Need need, DateTimeOffset now) =>
        Create(NotificationKind.NeedRejected, Recipient.Member(need.RequesterId), need.Id,
            "需求未通过审核", $"您的需求「{need.Title}」未通过审核：{need.ReviewReason}", MiniProgramPages.MyNeeds,
            new TemplateData().Text("thing1", need.Title).Text("phrase2", "未通过").Time("time3", now).Text("thing4", need.ReviewReason), now);

    public static Notification ClaimAccepted(Claim claim, ServiceTask task, DateTimeOffset now) => ClaimAccepted(claim, task.Terms, now);

    public static Notification ClaimAccepted(Claim claim, PublishedTerms task, DateTimeOffset now)
    {
        var words = AcceptedWords.GetValue(task, static t => new ClaimAcceptedWords(
            $"您已认领「{t.Title}」，开始时间 {Local(t.StartsAt)}，请按时到场签到。",
            new TemplateData().Text("thing1", t.Title).Time("time2", t.StartsAt).Text("thing3", "请按时到场签到").ToJson()));
        return Create(NotificationKind.ClaimAccepted, Claimant(claim), claim.Id, "认领成功", words.Body, ClaimPage(claim), words.TemplateData, now);
    }

    /// <summary>
    /// The 认领成功 message's body and subscribe data depend on the task's published terms alone, so they are worded once
    /// per terms (<c>PublishedTermsCache</c> keeps one instance per task, so every claim of a known task finds them here)
    /// rather than on every claim; they go when the terms do.
    /// </summary>
    private static readonly ConditionalWeakTable<PublishedTerms, ClaimAcceptedWords> AcceptedWords = new();

    private sealed record ClaimAcceptedWords(string Body, string TemplateData);

    public static Notification TaskCancelled(Claim claim, ServiceTask task, DateTimeOffset now) =>
        Create(NotificationKind.TaskCancelled, Claimant(claim), task.Id,
            "任务已取消", $"您认领的「{task.Title}」已被社区取消：{task.CancelReason}", ClaimPage(claim),
            new TemplateData().Text("thing1", task.Title).Time("time2", task.StartsAt).Text("thing3", task.CancelReason), now);

    public static Notification TaskReminder(Claim claim, ServiceTask task, DateTimeOffset now) =>
        Create(NotificationKind.TaskReminder, Claimant(claim), claim.Id,
            "任务即将开始", $"您认领的「{task.Title}」将于 {Local(task.StartsAt)} 开始，请提前到场签到。", ClaimPage(claim),
            new TemplateData().Text("thing1", task.Title).Time("time2", task.StartsAt).Text("thing3", "请提前到场签到"), now);

    public static Notification ClaimVerified(Claim claim, ServiceTask task, DateTimeOffset now)
    {
        var hours = Math.Round(claim.ServiceMinutes / 60m, 2);
        var hoursText = hours.ToString("0.##", CultureInfo.InvariantCulture);
        var body = claim.PointsAwarded > 0
            ? $"「{task.Title}」的服务已核验：获得 {claim.PointsAwarded} 积分，记录服务时长 {hoursText} 小时。"
            : $"「{task.Title}」的服务已核验：记录服务时长 {hoursText} 小时。";
        return Create(NotificationKind.ClaimVerified, Claimant(claim), claim.Id, "服务已核验", body, ClaimPage(claim),
            new TemplateData().Text("thing1", task.Title).Number("number2", claim.PointsAwarded).Number("number3", hours).Time("time4", now), now);
    }

    public static Notification ClaimRejected(Claim claim, ServiceTask task, DateTimeOffset now) =>
        Create(NotificationKind.ClaimRejected, Claimant(claim), claim.Id,
            "服务核验未通过", $"「{task.Title}」的服务核验未通过：{claim.StatusReason}", ClaimPage(claim),
            new TemplateData().Text("thing1", task.Title).Text("phrase2", "未通过").Text("thing3", claim.StatusReason), now);

    /// <summary>
    /// A membership can be confirmed again after it was re-declared (a move to another community), so
    /// each confirmation is its own event: the subject is a new id.
    /// </summary>
    public static Notification PartyMembershipConfirmed(Member member, DateTimeOffset now) =>
        Create(NotificationKind.PartyMembershipConfirmed, Recipient.Member(member.Id), Ids.NewV7(now),
            "党员身份已确认", $"社区已确认您的党员身份（{member.PartyBranch}）。", MiniProgramPages.Profile,
            new TemplateData().Text("thing1", member.PartyBranch).Text("phrase2", "已确认").Time("time3", now), now);

    public static Notification RedemptionExpiring(Redemption redemption, DateTimeOffset now) =>
        Create(NotificationKind.RedemptionExpiring, Recipient.Member(redemption.MemberId), redemption.Id,
            "兑换码即将过期", $"「{redemption.RewardTitle}」的兑换码将于 {Local(redemption.ExpiresAt)} 过期，请尽快到店核销；过期后积分自动退回。",
            RedemptionPage(redemption),
            new TemplateData().Text("thing1", redemption.RewardTitle).Time("time2", redemption.ExpiresAt).Text("thing3", "请尽快到店核销"), now);

    public static Notification RedemptionRefunded(Redemption redemption, DateTimeOffset now)
    {
        var why = redemption.Status == RedemptionStatus.Expired ? "兑换码已过期" : "兑换已取消";
        return Create(NotificationKind.RedemptionRefunded, Recipient.Member(redemption.MemberId), redemption.Id,
            "兑换积分已退回", $"{why}，「{redemption.RewardTitle}」的 {redemption.PointsCost} 积分已退回您的账户。", RedemptionPage(redemption),
            new TemplateData().Text("thing1", redemption.RewardTitle).Number("number2", redemption.PointsCost).Text("thing3", why), now);
    }

    public static Notification HonourGranted(Honor honor, DateTimeOffset now)
    {
        var period = Period.FromKey(honor.Period);
        var name = $"{period.Year}年{period.Month}月{honor.Title}";
        var body = honor.BonusPoints > 0
            ? $"恭喜您获评{name}（第 {honor.Rank} 名），奖励 {honor.BonusPoints} 积分。"
            : $"恭喜您获评{name}（第 {honor.Rank} 名）。";
        return Create(NotificationKind.HonourGranted, Recipient.Member(honor.MemberId), honor.Id, "获得表彰", body, MiniProgramPages.Honours,
            new TemplateData().Text("thing1", name).Number("number2", honor.BonusPoints).Time("time3", now), now);
    }

    /// <summary>A configurable honour approved by the street (HonourGranted, same keywords); a household's goes to its head.</summary>
    public static Notification HonourAwarded(HonorNomination nomination, string titleName, Guid recipientMemberId, DateTimeOffset now)
    {
        var label = nomination.HonorPeriod.Label;
        var name = label.Length > 0 ? $"{label}{titleName}" : titleName;
        var whom = nomination.Subject == HonorSubject.Household ? "您家" : "您";
        var body = nomination.BonusPoints > 0 && nomination.BonusMemberId == recipientMemberId
            ? $"恭喜{whom}获评{name}，奖励 {nomination.BonusPoints} 积分。"
            : $"恭喜{whom}获评{name}。";
        return Create(NotificationKind.HonourGranted, Recipient.Member(recipientMemberId), nomination.Id, "获得表彰", body, MiniProgramPages.Honours,
            new TemplateData().Text("thing1", name).Number("number2", nomination.BonusMemberId == recipientMemberId ? nomination.BonusPoints : 0)
                .Time("time3", now), now);
    }

    /// <summary>A member's claim goes to the member; a partner organisation's to the staff account that claimed.</summary>
    private static Recipient Claimant(Claim claim) => claim.MemberId is { } memberId
        ? Recipient.Member(memberId)
        : Recipient.Account(claim.ClaimedByAccountId ?? throw new InvalidOperationException("A partner claim names the account that claimed."));

    private static string TaskPage(Guid taskId) => MiniProgramPages.For(MiniProgramPages.TaskDetail, taskId);

    private static string ClaimPage(Claim claim) => claim.MemberId is null ? $"/console/claims/{claim.Id}" : MiniProgramPages.MyClaims;

    private static string RedemptionPage(Redemption redemption) => MiniProgramPages.For(MiniProgramPages.RedemptionCodes, redemption.Id);

    private static string Local(DateTimeOffset instant) => ChinaTime.ToChina(instant).ToString("M月d日 HH:mm", CultureInfo.InvariantCulture);
}
