using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>
/// Which tasks a caller sees: those of their own street (a task is open to every resident of its
/// street, not only of its community); a task of another street is 404, as if it did not exist.
/// Platform admins see every street.
/// </summary>
public static class TaskAccess
{
    /// <summary>Tasks the actor sees, to filter a list by.</summary>
    public static async Task<IQueryable<ServiceTask>> VisibleAsync(VolunteerDbContext db, Actor actor, CancellationToken ct)
    {
        var communities = await db.CommunitiesInViewAsync(actor, ct);
        var tasks = db.Tasks.AsNoTracking();
        return communities is null ? tasks : tasks.Where(t => communities.Contains(t.CommunityId));
    }

    /// <summary>A task the actor sees (tracked when <paramref name="track"/>); otherwise 404 <c>task.notFound</c>.</summary>
    public static async Task<ServiceTask> LoadVisibleAsync(VolunteerDbContext db, Actor actor, Guid taskId, CancellationToken ct, bool track = false)
    {
        var query = track ? db.Tasks : db.Tasks.AsNoTracking();
        var task = await query.SingleOrDefaultAsync(t => t.Id == taskId, ct);
        if (task is null || !await db.SeesCommunityAsync(actor, task.CommunityId, ct))
            throw NotFound();
        return task;
    }

    public static DomainException NotFound() => TaskErrors.NotFound();
}
