using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Partners;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.WeChat;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>Staff cancel a task; every claim not yet served ends with the reason.</summary>
public sealed class CancelTask(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<ServiceTask> ExecuteAsync(Actor actor, Guid taskId, string? reason, CancellationToken ct)
    {
        var task = await TaskAccess.LoadVisibleAsync(db, actor, taskId, ct, track: true);
        if (!await db.ManagesAsync(actor, task.CommunityId, task.GridId, ct))
            throw Scopes.NotYourCommunity();
        var now = clock.GetUtcNow();
        task.Cancel(reason ?? "", now);

        return await db.InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            // Read after the task row is updated: a claim committed before that is seen here, and
            // none can be added after, because claiming requires a published task.
            var open = await db.Claims
                .Where(c => c.TaskId == taskId && (c.Status == ClaimStatus.Accepted || c.Status == ClaimStatus.CheckedIn))
                .ToListAsync(ct);
            foreach (var claim in open)
                if (claim.EndBecauseTaskCancelled(task.CancelReason!, now))
                    db.Notify(Notification.TaskCancelled(claim, task, now));
            await db.SaveChangesAsync(ct);
            return task;
        }, ct);
    }

    internal static DomainException TaskNotFound() => TaskAccess.NotFound();
}
