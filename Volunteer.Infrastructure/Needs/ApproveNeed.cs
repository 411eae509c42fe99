using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.WeChat;
using Volunteer.Domain.Communities;

namespace Volunteer.Infrastructure.Needs;

/// <summary>社区发单 from a need: staff approve it into a task.</summary>
public sealed class ApproveNeed(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<(Need Need, ServiceTask Task)> ExecuteAsync(Actor actor, Guid needId, ApprovalTerms terms, CancellationToken ct)
    {
        var (need, manages) = await NeedAccess.LoadVisibleAsync(db, actor, needId, ct);
        if (!manages)
            throw NeedErrors.ReviewByStaffOnly();
        await db.GridInAsync(terms.GridId, need.CommunityId, ct);
        if (actor.IsGridWorker && terms.GridId is { } gridId && gridId != actor.GridId)
            throw CommunityErrors.NotYourGrid();
        var task = need.Approve(terms.CompleteFrom(need), actor.Id, clock.GetUtcNow());
        db.Tasks.Add(task);
        db.Notify(Notification.NeedApproved(need, task, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return (need, task);
    }
}
