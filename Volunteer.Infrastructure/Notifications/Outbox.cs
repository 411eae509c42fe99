using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Notifications;

/// <summary>
/// How a use case reports an event: one call before its <c>SaveChanges</c>. The notification (and,
/// for a resident, its WeChat delivery) is added to the same unit of work as the change it reports,
/// so both commit or neither does; the delivery worker sends it later.
/// </summary>
public static class Outbox
{
    public static void Notify(this VolunteerDbContext db, Notification notification)
    {
        db.Notifications.Add(notification);
        if (DeliveryOf(notification) is { } delivery)
            db.NotificationDeliveries.Add(delivery);
    }

    /// <summary>How a notification leaves the inbox: a resident's goes out as a WeChat subscribe message too.</summary>
    public static NotificationDelivery? DeliveryOf(Notification notification) =>
        notification.RecipientKind == RecipientKind.Member ? NotificationDelivery.WeChatFor(notification) : null;

    /// <summary>
    /// Tells every active staff account of a community (to their console inbox) and, when the event belongs to a
    /// grid, the active grid workers (网格员) of that grid, who run its needs and tasks too.
    /// </summary>
    public static async Task NotifyStaffAsync(this VolunteerDbContext db, Guid communityId, Func<Guid, Notification> notification,
        CancellationToken ct, Guid? gridId = null)
    {
        var staff = await db.Accounts.AsNoTracking()
            .Where(a => !a.IsDisabled && ((a.Role == ActorRole.CommunityStaff && a.CommunityId == communityId)
                || (gridId != null && a.Role == ActorRole.GridWorker && a.GridId == gridId)))
            .Select(a => a.Id)
            .ToListAsync(ct);
        foreach (var accountId in staff)
            db.Notify(notification(accountId));
    }
}
