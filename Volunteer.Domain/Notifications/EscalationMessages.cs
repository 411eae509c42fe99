using Volunteer.Domain.Escalations;

namespace Volunteer.Domain.Notifications;

/// <summary>The words of the escalation events (吹哨报到). The subject is the department's assignment: one message per department and step.</summary>
public sealed partial class Notification
{
    private const string EscalationConsolePage = "/console/escalations";

    public static Notification EscalationDispatched(Guid staffAccountId, Escalation escalation, EscalationAssignment assignment, string needTitle,
        DateTimeOffset now) =>
        Create(NotificationKind.EscalationDispatched, Recipient.Account(staffAccountId), assignment.Id,
            "街道吹哨：请部门报到", $"街道派来事项「{needTitle}」，请于 {Local(assignment.AcknowledgeDueAt)} 前报到，{Local(assignment.DueAt)} 前办结。",
            EscalationConsolePage,
            new TemplateData().Text("thing1", needTitle).Time("time2", assignment.DueAt).Text("thing3", "请及时报到"), now);

    /// <summary>To the resident (<paramref name="recipient"/> a member) or to the community's staff (an account).</summary>
    public static Notification EscalationAcknowledged(Recipient recipient, Escalation escalation, EscalationAssignment assignment, string needTitle,
        string departmentName, DateTimeOffset now) =>
        Create(NotificationKind.EscalationAcknowledged, recipient, assignment.Id,
            "职能部门已报到", $"「{needTitle}」：{departmentName}已报到，正在办理。", PageFor(recipient, escalation),
            new TemplateData().Text("thing1", needTitle).Text("thing2", departmentName).Text("phrase3", "已报到").Time("time4", now), now);

    public static Notification EscalationResolved(Recipient recipient, Escalation escalation, EscalationAssignment assignment, string needTitle,
        string departmentName, DateTimeOffset now)
    {
        var body = escalation.State == EscalationState.Resolved
            ? $"「{needTitle}」：{departmentName}已办结（{assignment.Outcome}）。事项已全部办结，欢迎评价。"
            : $"「{needTitle}」：{departmentName}已办结（{assignment.Outcome}）。";
        return Create(NotificationKind.EscalationResolved, recipient, assignment.Id, "职能部门已办结", body, PageFor(recipient, escalation),
            new TemplateData().Text("thing1", needTitle).Text("thing2", departmentName).Text("phrase3", "已办结").Time("time4", now), now);
    }

    /// <summary>To the department's staff and the street's admins; the subject is the assignment, kept apart per deadline by the title.</summary>
    public static Notification EscalationOverdue(Guid accountId, Escalation escalation, EscalationAssignment assignment, EscalationEventKind kind,
        string needTitle, string departmentName, DateTimeOffset now)
    {
        var what = kind == EscalationEventKind.AcknowledgementOverdue ? "报到" : "办理";
        var due = kind == EscalationEventKind.AcknowledgementOverdue ? assignment.AcknowledgeDueAt : assignment.DueAt;
        return Create(NotificationKind.EscalationOverdue, Recipient.Account(accountId), assignment.Id,
            $"{what}超时", $"「{needTitle}」：{departmentName}未在 {Local(due)} 前完成{what}，已标记超时。", EscalationConsolePage,
            new TemplateData().Text("thing1", needTitle).Text("thing2", departmentName).Time("time3", due), now);
    }

    private static string PageFor(Recipient recipient, Escalation escalation) => recipient.Kind == RecipientKind.Member
        ? MiniProgramPages.For(MiniProgramPages.Escalation, escalation.Id)
        : EscalationConsolePage;
}
