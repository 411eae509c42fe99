using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Notifications;

public sealed class MarkAllNotificationsRead(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    /// <summary>Returns how many were unread.</summary>
    public async Task<int> ExecuteAsync(Actor actor, CancellationToken ct)
    {
        var recipient = Inbox.Of(actor);
        DateTimeOffset? now = clock.GetUtcNow();
        return await db.Notifications
            .Where(n => n.RecipientId == recipient.Id && n.RecipientKind == recipient.Kind && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }
}
