using Volunteer.Domain.Common;

namespace Volunteer.Domain.Notifications;

/// <summary>What happened. Serialised camelCase (<c>needApproved</c>); also the key of <c>WeChat:Templates:&lt;kind&gt;</c>.</summary>
public enum NotificationKind
{
    /// <summary>新需求待审核 (to the community's staff).</summary>
    NeedSubmitted,
    NeedApproved,
    NeedRejected,
    ClaimAccepted,
    TaskCancelled,
    /// <summary>2 hours before a claimed task starts.</summary>
    TaskReminder,
    ClaimVerified,
    ClaimRejected,
    PartyMembershipConfirmed,
    /// <summary>24 hours before a redemption code expires.</summary>
    RedemptionExpiring,
    RedemptionRefunded,
    HonourGranted,
    /// <summary>街道派单 (to the department's staff).</summary>
    EscalationDispatched,
    /// <summary>部门已报到 (to the resident and the community's staff).</summary>
    EscalationAcknowledged,
    /// <summary>部门已办结 (to the resident and the community's staff).</summary>
    EscalationResolved,
    /// <summary>报到或办理超时 (to the department's staff and the street's admins).</summary>
    EscalationOverdue,
}

/// <summary>Whose inbox: a resident (member) or a staff / partner staff / admin account.</summary>
public enum RecipientKind
{
    Member,
    Account,
}

public readonly record struct Recipient(RecipientKind Kind, Guid Id)
{
    public static Recipient Member(Guid memberId) => new(RecipientKind.Member, memberId);

    public static Recipient Account(Guid accountId) => new(RecipientKind.Account, accountId);
}

/// <summary>
/// One message in one person's inbox (站内消息). Written in the same transaction as the change it
/// reports (an outbox): a rollback leaves no message, a commit always leaves one. Each event
/// reaches each person once: (kind, subject, recipient) is unique.
/// </summary>
public sealed partial class Notification
{
    public const int TitleMaxLength = 40;
    public const int BodyMaxLength = 300;
    public const int LinkMaxLength = 200;

    private Notification() { }

    public Guid Id { get; private set; }
    public NotificationKind Kind { get; private set; }
    public RecipientKind RecipientKind { get; private set; }
    public Guid RecipientId { get; private set; }
    /// <summary>What the event is about (the need, claim, task, redemption or honour), for "once per event".</summary>
    public Guid SubjectId { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    /// <summary>Where to open it: a mini-program page for residents (also the subscribe message's <c>page</c>), a console path for staff.</summary>
    public string Link { get; private set; } = "";
    /// <summary>The subscribe message's <c>data</c> (WeChat keyword → value, within WeChat's limits), as JSON.</summary>
    public string TemplateData { get; private set; } = "{}";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ReadAt { get; private set; }

    public bool IsRead => ReadAt is not null;

    internal static Notification Create(NotificationKind kind, Recipient recipient, Guid subjectId, string title, string body,
        string link, TemplateData data, DateTimeOffset now) => Create(kind, recipient, subjectId, title, body, link, data.ToJson(), now);

    /// <summary>As above, with the subscribe data already as JSON (<see cref="TemplateData.ToJson"/>).</summary>
    internal static Notification Create(NotificationKind kind, Recipient recipient, Guid subjectId, string title, string body,
        string link, string templateData, DateTimeOffset now) => new()
    {
        Id = Ids.NewV7(now),
        Kind = kind,
        RecipientKind = recipient.Kind,
        RecipientId = recipient.Id,
        SubjectId = subjectId,
        Title = Clip(title, TitleMaxLength),
        Body = Clip(body, BodyMaxLength),
        Link = Clip(link, LinkMaxLength),
        TemplateData = templateData,
        CreatedAt = now,
    };

    /// <summary>Marks it read; reading it again keeps the first time.</summary>
    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;

    public bool IsFor(Recipient recipient) => RecipientKind == recipient.Kind && RecipientId == recipient.Id;

    private static string Clip(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
