using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Observability;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.WeChat;

namespace Volunteer.Infrastructure.Notifications;

/// <summary>
/// The delivery worker: sends every due WeChat delivery once. Safe to run often, twice at once, or on
/// several instances: a delivery is claimed with a version check before it is sent, so only one
/// worker holds it; the claim is a lease, so a delivery whose worker died is taken over when the
/// lease runs out. Scheduler-agnostic: whatever triggers it calls <see cref="RunAsync"/>.
/// </summary>
public sealed class DeliverNotifications(VolunteerDbContext db, IWeChatServerApi wechat, IOptions<WeChatOptions> wechatOptions,
    IOptions<NotificationOptions> options, TimeProvider clock, ILogger<DeliverNotifications> logger) : IUseCase
{
    /// <summary>Handles the due deliveries; returns how many were sent.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.NotificationDeliveries.AsNoTracking()
            .Where(d => (d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                || (d.Status == DeliveryStatus.Sending && d.LeaseUntil <= now))
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
            .Select(d => d.Id)
            .Take(options.Value.BatchSize)
            .ToListAsync(ct);

        var sent = 0;
        foreach (var id in due)
        {
            try
            {
                if (await DeliverAsync(id, ct))
                    sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Left as it is: a claimed one comes back when its lease runs out.
                logger.LogError(e, "Delivery {DeliveryId} failed unexpectedly", id);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        return sent;
    }

    private async Task<bool> DeliverAsync(Guid id, CancellationToken ct)
    {
        using var activity = VolunteerTracing.Source.StartActivity("notification.deliver");
        activity?.SetTag("volunteer.delivery.id", id);
        var delivery = await db.NotificationDeliveries.SingleAsync(d => d.Id == id, ct);
        if (!delivery.IsDue(clock.GetUtcNow()))
            return false;
        delivery.Claim(clock.GetUtcNow(), options.Value.Lease);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false; // another worker claimed it first
        }

        var notification = await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == delivery.NotificationId, ct);
        if (!await ReadyToSendAsync(delivery, notification, ct))
            return false;
        var openId = await db.Members.Where(m => m.Id == notification.RecipientId).Select(m => m.OpenId).SingleAsync(ct);

        var outcome = await wechat.SendSubscribeMessageAsync(
            new SubscribeMessage(openId!, delivery.TemplateId!, notification.Link, TemplateData.FromJson(notification.TemplateData)), ct);
        var now = clock.GetUtcNow();
        switch (outcome.Result)
        {
            case SendResult.Sent:
                delivery.MarkSent(now);
                VolunteerMetrics.Delivery("sent");
                break;
            case SendResult.Transient:
                delivery.RetryLater(outcome.Error ?? "transient", now);
                VolunteerMetrics.Delivery("transient");
                break;
            default:
                delivery.Fail(outcome.Error ?? "refused");
                VolunteerMetrics.Delivery("failed");
                break;
        }
        activity?.SetTag("volunteer.delivery.result", outcome.Result.ToString());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Our lease ran out while sending and another worker took the delivery over.
            logger.LogWarning("Delivery {DeliveryId} was taken over before its result ({Result}) was recorded", id, outcome.Result);
        }
        return outcome.Result == SendResult.Sent;
    }

    /// <summary>
    /// Settles what does not need WeChat: a delivery that can never be sent is skipped (the message
    /// stays in the inbox). The first time, one send credit is taken, in the same transaction that
    /// records it on the delivery, so retries never take a second one.
    /// </summary>
    private async Task<bool> ReadyToSendAsync(NotificationDelivery delivery, Notification notification, CancellationToken ct)
    {
        if (delivery.CreditTaken)
            return true;
        var skip = await WhyNotAsync(notification, ct);
        if (skip is null)
        {
            var templateId = TemplateFor(notification.Kind)!;
            var taken = await db.InTransactionAsync(async () =>
            {
                var credits = await db.SubscribeCredits
                    .Where(c => c.MemberId == notification.RecipientId && c.TemplateId == templateId && c.Count > 0)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.Count, c => c.Count - 1), ct);
                if (credits == 0)
                    return false;
                delivery.UseCredit(templateId);
                await db.SaveChangesAsync(ct);
                return true;
            }, ct);
            if (taken)
                return true;
            skip = "noCredit";
        }
        delivery.Skip(skip);
        await db.SaveChangesAsync(ct);
        VolunteerMetrics.Delivery("skipped", skip);
        return false;
    }

    private async Task<string?> WhyNotAsync(Notification notification, CancellationToken ct)
    {
        if (!wechat.IsConfigured)
            return "wechatNotConfigured";
        if (TemplateFor(notification.Kind) is null)
            return "noTemplate";
        if (notification.RecipientKind != RecipientKind.Member
            || !await db.Members.AnyAsync(m => m.Id == notification.RecipientId && m.OpenId != null, ct))
            return "noOpenId";
        return null;
    }

    private string? TemplateFor(NotificationKind kind) =>
        wechatOptions.Value.Templates.TryGetValue(KindKey(kind), out var id) && !string.IsNullOrWhiteSpace(id) ? id.Trim() : null;

    /// <summary>needApproved: the configuration key and the JSON value of a kind.</summary>
    public static string KindKey(NotificationKind kind) => JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());
}
