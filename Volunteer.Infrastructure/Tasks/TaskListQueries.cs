using System.Linq.Expressions;
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
    public Task<IQueryable<ServiceTask>> VisibleAsync(Actor actor, TaskFilter filter, CancellationToken ct) =>
        Task.FromResult(Visible(actor, filter));

    /// <summary>
    /// One page of the tasks <paramref name="actor"/> may see that match the filter, as they may see them, and how
    /// many match in all: one statement (the street in view, the page, the total and the viewer's own live claims
    /// as subqueries), where a count, a page and a look-up of claims took four round trips. Only a page past
    /// the end costs a second statement (its count).
    /// </summary>
    public async Task<(IReadOnlyList<TaskView> Items, int Total)> PageAsync(Actor actor, TaskFilter filter, int skip, int take,
        CancellationToken ct)
    {
        List<PageRow> rows;
        if (actor.IsResident && filter is { CommunityId: { } communityId, GridId: null, Category: null, Status: null, PartyMembersOnly: null, Day: null })
        {
            // The LINQ of the general path is not even built here: composing it cost about a tenth of the request's CPU.
            rows = new List<PageRow>(take);
            var page = skip == 0 ? ResidentCommunityFirstPage : ResidentCommunityPage;
            await foreach (var row in page.For(db)(db, actor.Id, communityId, skip, take).WithCancellation(ct))
                rows.Add(row);
        }
        else
        {
            var visible = Visible(actor, filter);
            var mine = OwnLiveClaims(actor);
            rows = await visible.Skip(skip).Take(take)
                .Select(t => new PageRow(t, visible.Count(),
                    // At most one live claim per claimant and task (UX_Claims_Task_Member / UX_Claims_Task_Partner).
                    mine.Where(c => c.TaskId == t.Id).Select(c => (Guid?)c.Id).FirstOrDefault(),
                    mine.Where(c => c.TaskId == t.Id).Select(c => (ClaimStatus?)c.Status).FirstOrDefault()))
                .ToListAsync(ct);
        }
        var total = rows.Count > 0 ? rows[0].Total : skip == 0 ? 0 : await Visible(actor, filter).CountAsync(ct);
        return (await ViewsOfAsync(actor, rows.Select(r => (r.Task, r.ClaimId, r.ClaimStatus)).ToList(), ct), total);
    }

    private sealed record PageRow(ServiceTask Task, int Total, Guid? ClaimId, ClaimStatus? ClaimStatus);

    /// <summary>
    /// The mini-program's task list (a resident, one community, no other filter): the statement <see cref="PageAsync"/>
    /// sends for it, compiled once per EF Core model, so each request skips EF Core's per-query work (reading the
    /// query's closure values and looking the query up in its cache), which showed as about a tenth of the
    /// request's CPU. The same rules as <see cref="Visible"/> and <see cref="OwnLiveClaims"/> for a resident:
    /// the communities of the resident's home street, wishes hidden from the wall only to others, latest start first.
    /// </summary>
    private static readonly Expression<Func<VolunteerDbContext, Guid, Guid, int, int, IQueryable<PageRow>>> ResidentCommunityRows =
        (db, memberId, communityId, skip, take) =>
            db.Tasks.AsNoTracking().TagWith(PositionalParameters.Tag)
                .Where(t => db.Communities
                    .Where(c => db.Members.Where(m => m.Id == memberId)
                        .Join(db.Communities, m => m.CommunityId, home => (Guid?)home.Id, (m, home) => home.StreetId)
                        .Contains(c.StreetId))
                    .Select(c => c.Id)
                    .Contains(t.CommunityId))
                .Where(t => t.CommunityId == communityId)
                .Where(t => !t.HiddenFromWall || t.RequesterId == memberId)
                .OrderByDescending(t => t.StartsAt).ThenBy(t => t.Id)
                .Skip(skip).Take(take)
                .Select(t => new PageRow(t,
                    db.Tasks
                        .Where(v => db.Communities
                            .Where(c => db.Members.Where(m => m.Id == memberId)
                                .Join(db.Communities, m => m.CommunityId, home => (Guid?)home.Id, (m, home) => home.StreetId)
                                .Contains(c.StreetId))
                            .Select(c => c.Id)
                            .Contains(v.CommunityId))
                        .Where(v => v.CommunityId == communityId)
                        .Count(v => !v.HiddenFromWall || v.RequesterId == memberId),
                    db.Claims.Where(c => c.Status != ClaimStatus.Cancelled && c.MemberId == memberId && c.TaskId == t.Id)
                        .Select(c => (Guid?)c.Id).FirstOrDefault(),
                    db.Claims.Where(c => c.Status != ClaimStatus.Cancelled && c.MemberId == memberId && c.TaskId == t.Id)
                        .Select(c => (ClaimStatus?)c.Status).FirstOrDefault()));

    private static readonly CompiledQuery<Func<VolunteerDbContext, Guid, Guid, int, int, IAsyncEnumerable<PageRow>>> ResidentCommunityPage =
        new(() => EF.CompileAsyncQuery(ResidentCommunityRows));

    /// <summary>
    /// Page 1 (the mini-program's usual request): the same statement without <c>OFFSET</c>. PostgreSQL plans a prepared
    /// statement afresh on every execution as long as its generic plan looks dearer than the custom ones, and with
    /// <c>OFFSET $n</c> it always does (it assumes a tenth of the rows skipped), so each request paid ~0.6–1.5 ms of
    /// planning in the database, more than the statement's execution (pg_stat_statements: one plan per call). Without
    /// the offset the generic plan costs the same as the custom ones and is kept after five executions.
    /// </summary>
    private static readonly CompiledQuery<Func<VolunteerDbContext, Guid, Guid, int, int, IAsyncEnumerable<PageRow>>> ResidentCommunityFirstPage =
        new(() => EF.CompileAsyncQuery(WithoutSkip.Of(ResidentCommunityRows)));

    /// <summary>Takes <c>Queryable.Skip</c> out of a query expression (its argument is then unused).</summary>
    private sealed class WithoutSkip : ExpressionVisitor
    {
        public static Expression<T> Of<T>(Expression<T> query) => (Expression<T>)new WithoutSkip().Visit(query);

        protected override Expression VisitMethodCall(MethodCallExpression node) =>
            node.Method.DeclaringType == typeof(Queryable) && node.Method.Name == nameof(Queryable.Skip)
                ? Visit(node.Arguments[0])
                : base.VisitMethodCall(node);
    }

    private IQueryable<ServiceTask> Visible(Actor actor, TaskFilter filter)
    {
        var query = db.Tasks.AsNoTracking();
        if (db.CommunitiesInView(actor) is { } communities)
            query = query.Where(t => communities.Contains(t.CommunityId));
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

    /// <summary>The viewer's own live claims: a resident's, or their organisation's for partner staff; none for anyone else.</summary>
    private IQueryable<Claim> OwnLiveClaims(Actor actor)
    {
        var claims = db.Claims.AsNoTracking().Where(c => c.Status != ClaimStatus.Cancelled);
        if (actor.IsResident)
        {
            var memberId = actor.Id;
            return claims.Where(c => c.MemberId == memberId);
        }
        if (actor.IsPartnerStaff && actor.PartnerId is { } partnerId)
            return claims.Where(c => c.PartnerId == partnerId);
        return claims.Where(c => false);
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
        var mine = await OwnLiveClaims(actor)
            .Where(c => ids.Contains(c.TaskId))
            .Select(c => new { c.TaskId, c.Id, c.Status })
            .ToListAsync(ct);
        var myClaims = mine.GroupBy(c => c.TaskId).ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.Id).First());
        return await ViewsOfAsync(actor,
            tasks.Select(t => myClaims.GetValueOrDefault(t.Id) is { } my ? (t, (Guid?)my.Id, (ClaimStatus?)my.Status) : (t, null, null)).ToList(), ct);
    }

    private async Task<IReadOnlyList<TaskView>> ViewsOfAsync(Actor actor,
        IReadOnlyList<(ServiceTask Task, Guid? ClaimId, ClaimStatus? ClaimStatus)> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
            return [];
        var managed = new HashSet<Guid>();
        if (actor.IsStaff || actor.IsAdmin)
            foreach (var id in rows.Select(r => r.Task.CommunityId).Distinct())
                if (await db.ManagesAsync(actor, id, ct))
                    managed.Add(id);

        var audited = false;
        var views = new List<TaskView>(rows.Count);
        foreach (var (t, claimId, claimStatus) in rows)
        {
            var accepted = claimStatus is { } status && Claim.HoldingSlot.Contains(status);
            var ownTask = actor.IsResident && t.RequesterId == actor.Id;
            var visible = t.AddressVisibleTo(managed.Contains(t.CommunityId) || actor.IsGridWorkerOf(t.CommunityId, t.GridId), ownTask, accepted);
            if (visible && t.IsSensitive && !ownTask && t.Address is not null)
            {
                await AuditTrail.AddAsync(db, clock, actor, AuditAction.SensitiveAddressViewed, t.RequesterId, $"task {t.Id}", ct);
                audited = true;
            }
            views.Add(new TaskView(t, visible, claimId, claimStatus));
        }
        if (audited)
            await db.SaveChangesAsync(ct);
        return views;
    }
}
