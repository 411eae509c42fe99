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
using Volunteer.Domain.Communities;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>社区发单: staff publish a task directly.</summary>
public sealed class PublishTask(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    /// <param name="communityId">Required for admins; staff publish in their own community.</param>
    public async Task<ServiceTask> ExecuteAsync(Actor actor, Guid? communityId, TaskTerms terms, CancellationToken ct)
    {
        actor.EnsureStaffAdminOrGridWorker();
        var targetId = actor.IsStaff || actor.IsGridWorker ? actor.CommunityId!.Value
            : communityId ?? throw DomainException.Invalid("communityId", "请指定发布任务的社区。");
        if ((actor.IsStaff || actor.IsGridWorker) && communityId is { } given && given != targetId)
            throw Scopes.NotYourCommunity();
        if (actor.IsGridWorker)
        {
            // A grid worker publishes in their own grid: the task lies there, whatever grid the body named.
            if (terms.GridId is { } named && named != actor.GridId)
                throw CommunityErrors.NotYourGrid();
            terms = terms with { GridId = actor.GridId };
        }
        var community = actor.IsGridWorker ? await db.CommunityAsync(targetId, ct) : await db.ManagedCommunityAsync(actor, targetId, ct);
        await db.GridInAsync(terms.GridId, community.Id, ct);

        var task = ServiceTask.Publish(community.Id, terms, actor.Id, clock.GetUtcNow());
        db.Tasks.Add(task);
        await db.SaveChangesAsync(ct);
        return task;
    }
}
