using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Notifications;

public sealed class MarkNotificationRead(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Notification> ExecuteAsync(Actor actor, Guid notificationId, CancellationToken ct)
    {
        var recipient = Inbox.Of(actor);
        // Someone else's message does not exist for the caller.
        var notification = await db.Notifications.SingleOrDefaultAsync(
                n => n.Id == notificationId && n.RecipientId == recipient.Id && n.RecipientKind == recipient.Kind, ct)
            ?? throw DomainException.NotFound("notification.notFound", "消息不存在。");
        notification.MarkRead(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return notification;
    }
}
