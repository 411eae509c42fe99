using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Notifications;
using Volunteer.Domain.Rewards;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Notifications;

/// <summary>
/// The sweep that writes the events no user action causes: <c>taskReminder</c> (2 hours before a
/// claimed task starts) and <c>redemptionExpiring</c> (24 hours before a code expires). Each is
/// written once: the sweep skips what already has its notification, and the unique index on
/// (kind, subject, recipient) refuses a second one written by a sweep running at the same time.
/// Scheduler-agnostic: whatever triggers it calls <see cref="RunAsync"/>.
/// </summary>
public sealed class ProduceTimedNotifications(VolunteerDbContext db, IOptions<NotificationOptions> options, TimeProvider clock) : IUseCase
{
    private const int Batch = 500;

    /// <summary>Writes the due reminders; returns how many.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var written = 0;

        var reminderUntil = now + options.Value.ReminderBefore;
        var claims = await (
                from claim in db.Claims.AsNoTracking()
                join task in db.Tasks.AsNoTracking() on claim.TaskId equals task.Id
                where claim.Status == ClaimStatus.Accepted && task.Status == ServiceTaskStatus.Published
                    && task.StartsAt > now && task.StartsAt <= reminderUntil
                    && !db.Notifications.Any(n => n.Kind == NotificationKind.TaskReminder && n.SubjectId == claim.Id)
                orderby task.StartsAt
                select new { claim, task })
            .Take(Batch)
            .ToListAsync(ct);
        foreach (var due in claims)
            written += await WriteOnceAsync(Notification.TaskReminder(due.claim, due.task, now), ct);

        var expiringUntil = now + options.Value.ExpiringBefore;
        var redemptions = await db.Redemptions.AsNoTracking()
            .Where(r => r.Status == RedemptionStatus.Pending && r.ExpiresAt > now && r.ExpiresAt <= expiringUntil
                && !db.Notifications.Any(n => n.Kind == NotificationKind.RedemptionExpiring && n.SubjectId == r.Id))
            .OrderBy(r => r.ExpiresAt)
            .Take(Batch)
            .ToListAsync(ct);
        foreach (var redemption in redemptions)
            written += await WriteOnceAsync(Notification.RedemptionExpiring(redemption, now), ct);

        return written;
    }

    private async Task<int> WriteOnceAsync(Notification notification, CancellationToken ct)
    {
        db.Notify(notification);
        try
        {
            await db.SaveChangesAsync(ct);
            return 1;
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            return 0; // another sweep wrote it first
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
