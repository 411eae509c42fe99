using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Notifications;

public sealed record InboxPage(IReadOnlyList<Notification> Items, int Total);

/// <summary>A delivery as admins see it: state, attempts, error; who and what without the message text.</summary>
public sealed record DeliveryRow(Guid Id, Guid NotificationId, NotificationKind Kind, Guid MemberId, string Channel, DeliveryStatus Status,
    int Attempts, DateTimeOffset NextAttemptAt, string? TemplateId, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

public sealed record DeliveryPage(IReadOnlyList<DeliveryRow> Items, int Total);

/// <summary>The reads of the notifications feature.</summary>
public sealed class NotificationQueries(VolunteerDbContext db)
{
    public async Task<InboxPage> InboxAsync(Actor actor, bool unreadOnly, int page, int pageSize, CancellationToken ct)
    {
        var recipient = Inbox.Of(actor);
        var mine = db.Notifications.AsNoTracking()
            .Where(n => n.RecipientId == recipient.Id && n.RecipientKind == recipient.Kind);
        if (unreadOnly)
            mine = mine.Where(n => n.ReadAt == null);
        var total = await mine.CountAsync(ct);
        var skip = (int)Math.Min((long)(page - 1) * pageSize, int.MaxValue);
        var items = total <= skip
            ? []
            : await mine.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Skip(skip).Take(pageSize).ToListAsync(ct);
        return new InboxPage(items, total);
    }

    public Task<int> UnreadCountAsync(Actor actor, CancellationToken ct)
    {
        var recipient = Inbox.Of(actor);
        return db.Notifications.CountAsync(n => n.RecipientId == recipient.Id && n.RecipientKind == recipient.Kind && n.ReadAt == null, ct);
    }

    /// <summary>
    /// WeChat deliveries, newest first: a street admin sees those to residents of their street's
    /// communities, a platform admin all.
    /// </summary>
    public async Task<DeliveryPage> DeliveriesAsync(Actor actor, DeliveryStatus? status, int page, int pageSize, CancellationToken ct)
    {
        actor.EnsureAdmin();
        var rows =
            from d in db.NotificationDeliveries.AsNoTracking()
            join n in db.Notifications.AsNoTracking() on d.NotificationId equals n.Id
            select new { d, n };
        if (status is { } s)
            rows = rows.Where(r => r.d.Status == s);
        if (actor.StreetId is { } streetId)
        {
            var members =
                from m in db.Set<Member>()
                join c in db.Communities on m.CommunityId equals c.Id
                where c.StreetId == streetId
                select m.Id;
            rows = rows.Where(r => members.Contains(r.n.RecipientId));
        }
        var total = await rows.CountAsync(ct);
        var skip = (int)Math.Min((long)(page - 1) * pageSize, int.MaxValue);
        var items = total <= skip
            ? []
            : await rows.OrderByDescending(r => r.d.CreatedAt).ThenByDescending(r => r.d.Id).Skip(skip).Take(pageSize)
                .Select(r => new DeliveryRow(r.d.Id, r.d.NotificationId, r.n.Kind, r.n.RecipientId, r.d.Channel, r.d.Status, r.d.Attempts,
                    r.d.NextAttemptAt, r.d.TemplateId, r.d.LastError, r.d.CreatedAt, r.d.SentAt))
                .ToListAsync(ct);
        return new DeliveryPage(items, total);
    }
}
