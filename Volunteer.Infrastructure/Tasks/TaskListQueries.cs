using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Audit;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Audit;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>The filters of the task list; <c>Day</c> is a day in China time.</summary>
public sealed record TaskFilter(Guid? CommunityId, Guid? GridId, TaskCategory? Category, ServiceTaskStatus? Status, bool? PartyMembersOnly,
    DateOnly? Day);

/// <summary>A task as one viewer may see it: whether the address is shown, and the viewer's own live claim.</summary>
public sealed record TaskView(ServiceTask Task, bool AddressVisible, Guid? MyClaimId, ClaimStatus? MyClaimStatus);

/// <summary>Reads of tasks as everyone who may see them sees them (the street's residents, partners, staff).</summary>
public sealed class TaskListQueries(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    /// <summary>The tasks <paramref name="actor"/> may see that match the filter, latest start first.</summary>
    public async Task<IQueryable<ServiceTask>> VisibleAsync(Actor actor, TaskFilter filter, CancellationToken ct)
    {
        var query = await TaskAccess.VisibleAsync(db, actor, ct);
        if (filter.CommunityId is { } c) query = query.Where(t => t.CommunityId == c);
        if (filter.GridId is { } g) query = query.Where(t => t.GridId == g);
        if (filter.Category is { } cat) query = query.Where(t => t.Category == cat);
        if (filter.Status is { } s) query = query.Where(t => t.Status == s);
        if (filter.PartyMembersOnly is { } p) query = query.Where(t => t.PartyMembersOnly == p);
        if (filter.Day is { } d)
        {
            var from = new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime();
            var to = from.AddDays(1);
            query = query.Where(t => t.StartsAt < to && t.EndsAt > from);
        }
        // A wish staff hid from the wall (privacy) is not listed to residents or partners either, except to its wisher.
        if (!actor.IsStaff && !actor.IsAdmin)
            query = query.Where(t => !t.HiddenFromWall || (actor.IsResident && t.RequesterId == actor.Id));
        return query.OrderByDescending(t => t.StartsAt).ThenBy(t => t.Id);
    }

    /// <summary>A task its viewer may see (404 otherwise).</summary>
    public Task<ServiceTask> VisibleAsync(Actor actor, Guid taskId, CancellationToken ct) => TaskAccess.LoadVisibleAsync(db, actor, taskId, ct);

    public async Task<TaskView> ViewAsync(Actor actor, ServiceTask task, CancellationToken ct) => (await ViewsAsync(actor, [task], ct))[0];

    /// <summary>
    /// Tasks as <paramref name="actor"/> may see them, hiding sensitive addresses from those not entitled;
    /// whoever is shown a vulnerable resident's address, other than the resident, is recorded.
    /// </summary>
    public async Task<IReadOnlyList<TaskView>> ViewsAsync(Actor actor, IReadOnlyList<ServiceTask> tasks, CancellationToken ct)
    {
        if (tasks.Count == 0)
            return [];
        var ids = tasks.Select(t => t.Id).ToList();
        var communityIds = tasks.Select(t => t.CommunityId).Distinct().ToList();

        var managed = new HashSet<Guid>();
        if (actor.IsStaff || actor.IsAdmin)
            foreach (var id in communityIds)
                if (await db.ManagesAsync(actor, id, ct))
                    managed.Add(id);

        var mine = await db.Claims.AsNoTracking()
            .Where(c => ids.Contains(c.TaskId) && c.Status != ClaimStatus.Cancelled
                && ((actor.IsResident && c.MemberId == actor.Id) || (actor.IsPartnerStaff && c.PartnerId == actor.PartnerId)))
            .Select(c => new { c.TaskId, c.Id, c.Status })
            .ToListAsync(ct);
        var myClaims = mine.GroupBy(c => c.TaskId).ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.Id).First());

        var audited = false;
        var views = new List<TaskView>();
        foreach (var t in tasks)
        {
            var my = myClaims.GetValueOrDefault(t.Id);
            var accepted = my is not null && Claim.HoldingSlot.Contains(my.Status);
            var ownTask = actor.IsResident && t.RequesterId == actor.Id;
            var visible = t.AddressVisibleTo(managed.Contains(t.CommunityId) || actor.IsGridWorkerOf(t.CommunityId, t.GridId), ownTask, accepted);
            if (visible && t.IsSensitive && !ownTask && t.Address is not null)
            {
                await AuditTrail.AddAsync(db, clock, actor, AuditAction.SensitiveAddressViewed, t.RequesterId, $"task {t.Id}", ct);
                audited = true;
            }
            views.Add(new TaskView(t, visible, my?.Id, my?.Status));
        }
        if (audited)
            await db.SaveChangesAsync(ct);
        return views;
    }
}
