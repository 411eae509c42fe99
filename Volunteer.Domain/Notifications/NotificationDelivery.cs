using Volunteer.Domain.Common;

namespace Volunteer.Domain.Notifications;

public enum DeliveryStatus
{
    /// <summary>Waiting for its (next) attempt at <see cref="NotificationDelivery.NextAttemptAt"/>.</summary>
    Pending,
    /// <summary>A worker holds it until <see cref="NotificationDelivery.LeaseUntil"/>.</summary>
    Sending,
    Sent,
    /// <summary>WeChat refused it for good, or every attempt failed.</summary>
    Failed,
    /// <summary>Not sent, and never will be: no template for the kind, no openid, no send credit. The message stays in-app.</summary>
    Skipped,
}

/// <summary>
/// Sending one notification over one channel (today: the WeChat subscribe message). One row per
/// (notification, channel), created with the notification. A worker claims it by moving it to
/// <see cref="DeliveryStatus.Sending"/> with a version check, so two workers never hold it at once.
/// </summary>
public sealed class NotificationDelivery
{
    public const string WeChatChannel = "wechat";
    public const int MaxAttempts = 8;
    public const int ErrorMaxLength = 200;

    /// <summary>The first retry comes 15 s after a failure, then ×4 each time, at most an hour apart.</summary>
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan MaxRetry = TimeSpan.FromHours(1);

    private NotificationDelivery() { }

    public Guid Id { get; private set; }
    public Guid NotificationId { get; private set; }
    public string Channel { get; private set; } = "";
    public DeliveryStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? LeaseUntil { get; private set; }
    /// <summary>A send credit of the member was used for this delivery (once, whatever the retries).</summary>
    public bool CreditTaken { get; private set; }
    public string? TemplateId { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public int Version { get; private set; }

    public static NotificationDelivery WeChatFor(Notification notification) => new()
    {
        Id = Ids.NewV7(notification.CreatedAt),
        NotificationId = notification.Id,
        Channel = WeChatChannel,
        Status = DeliveryStatus.Pending,
        NextAttemptAt = notification.CreatedAt,
        CreatedAt = notification.CreatedAt,
    };

    /// <summary>Waiting and due, or held by a worker whose lease ran out (it crashed or hung).</summary>
    public bool IsDue(DateTimeOffset now) =>
        (Status == DeliveryStatus.Pending && NextAttemptAt <= now)
        || (Status == DeliveryStatus.Sending && LeaseUntil <= now);

    public void Claim(DateTimeOffset now, TimeSpan lease)
    {
        if (!IsDue(now))
            throw DomainException.Conflict("delivery.notDue", "该消息当前无需发送。");
        Status = DeliveryStatus.Sending;
        LeaseUntil = now + lease;
        Attempts++;
    }

    public void UseCredit(string templateId)
    {
        EnsureSending();
        TemplateId = templateId;
        CreditTaken = true;
    }

    public void MarkSent(DateTimeOffset now)
    {
        EnsureSending();
        Status = DeliveryStatus.Sent;
        SentAt = now;
        LeaseUntil = null;
        LastError = null;
    }

    /// <summary>A transient failure: tried again later, unless every attempt is used up.</summary>
    public void RetryLater(string error, DateTimeOffset now)
    {
        EnsureSending();
        LastError = Clip(error);
        LeaseUntil = null;
        if (Attempts >= MaxAttempts)
        {
            Status = DeliveryStatus.Failed;
            return;
        }
        Status = DeliveryStatus.Pending;
        NextAttemptAt = now + Backoff(Attempts);
    }

    public void Fail(string error)
    {
        EnsureSending();
        Status = DeliveryStatus.Failed;
        LastError = Clip(error);
        LeaseUntil = null;
    }

    public void Skip(string reason)
    {
        EnsureSending();
        Status = DeliveryStatus.Skipped;
        LastError = Clip(reason);
        LeaseUntil = null;
    }

    /// <summary>Wait after the <paramref name="attempts"/>-th failed attempt: 15 s, 1 min, 4 min, 16 min, then an hour.</summary>
    public static TimeSpan Backoff(int attempts)
    {
        var factor = Math.Pow(4, Math.Clamp(attempts - 1, 0, 10));
        var wait = TimeSpan.FromTicks((long)Math.Min(FirstRetry.Ticks * factor, MaxRetry.Ticks));
        return wait;
    }

    private void EnsureSending()
    {
        if (Status != DeliveryStatus.Sending)
            throw DomainException.Conflict("delivery.notClaimed", "该消息未被领取发送。");
    }

    private static string Clip(string text) => text.Length <= ErrorMaxLength ? text : text[..ErrorMaxLength];
}

/// <summary>
/// 订阅消息发送次数: each acceptance of a template in <c>wx.requestSubscribeMessage</c> allows WeChat to
/// send that member one message of that template. Counted per (member, template); a delivery takes one
/// with a conditional decrement, so the count never goes below zero.
/// </summary>
public sealed class SubscribeCredit
{
    public const int TemplateIdMaxLength = 64;

    private SubscribeCredit() { }

    public Guid MemberId { get; private set; }
    public string TemplateId { get; private set; } = "";
    public int Count { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static SubscribeCredit First(Guid memberId, string templateId, DateTimeOffset now) => new()
    {
        MemberId = memberId,
        TemplateId = templateId,
        Count = 1,
        UpdatedAt = now,
    };
}
