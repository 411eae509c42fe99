using System.Buffers;
using System.Linq.Expressions;
using System.Reflection;
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

/// <summary>
/// A task as one viewer may see it: the columns its answer shows (and the two the address rule needs: the requester
/// and whether the address is sensitive), whether the address is shown, and the viewer's own live claim. A value:
/// the task list reads these columns straight from its statement into a pooled array, without a
/// <see cref="ServiceTask"/> entity or any object per row of its own.
/// </summary>
public readonly record struct TaskView(
    Guid Id, Guid CommunityId, Guid? GridId, Guid? NeedId, Guid? RequesterId, string Title, string? Description,
    TaskCategory Category, string? Address, bool IsSensitive, double? Latitude, double? Longitude, int Slots, int Taken,
    int Points, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool PartyMembersOnly, ServiceTaskStatus Status,
    string? CancelReason, DateTimeOffset CreatedAt, Guid? MyClaimId, ClaimStatus? MyClaimStatus, bool AddressVisible)
{
    public int Remaining => ServiceTask.RemainingOf(Slots, Taken);

    /// <summary>
    /// The one mapping of a task to its view (the address not yet judged): the list's statements project it column by
    /// column (<see cref="Of"/> in a query is replaced by it, <see cref="TaskQueryRules.Inline{T}"/>), and a task in
    /// hand goes through it compiled.
    /// </summary>
    internal static readonly Expression<Func<ServiceTask, Guid?, ClaimStatus?, TaskView>> Columns = (t, myClaimId, myClaimStatus) =>
        new TaskView(t.Id, t.CommunityId, t.GridId, t.NeedId, t.RequesterId, t.Title, t.Description, t.Category, t.Address,
            t.IsSensitive, t.Latitude, t.Longitude, t.Slots, t.Taken, t.Points, t.StartsAt, t.EndsAt, t.PartyMembersOnly, t.Status,
            t.CancelReason, t.CreatedAt, myClaimId, myClaimStatus, false);

    private static Func<ServiceTask, Guid?, ClaimStatus?, TaskView>? _compiled;

    /// <summary>The view of a task in hand, with the viewer's own live claim (the address not yet judged).</summary>
    public static TaskView Of(ServiceTask task, Guid? myClaimId, ClaimStatus? myClaimStatus) =>
        (_compiled ??= Columns.Compile())(task, myClaimId, myClaimStatus);
}

/// <summary>
/// What a resident sees of tasks, stated once for both ways the list is read: the compiled query of the mini-program's
/// list (where calls of <see cref="TasksSeenBy"/> and <see cref="LiveClaimsOf"/> are replaced by these expressions when
/// it is compiled) and the general path with filters (where the same methods build the same expressions for one
/// resident). <c>WishWallTests</c> and <c>ReadStatementTests</c> compare both.
/// </summary>
internal static class TaskQueryRules
{
    /// <summary>
    /// The tasks of the communities of the resident's home street (looked up inside the statement), except wishes staff
    /// hid from the wall (privacy), which only their own wisher still sees.
    /// </summary>
    private static readonly Expression<Func<VolunteerDbContext, Guid, IQueryable<ServiceTask>>> ResidentSees = (db, memberId) =>
        db.Tasks
            .Where(t => db.Communities
                .Where(c => db.Members.Where(m => m.Id == memberId)
                    .Join(db.Communities, m => m.CommunityId, home => (Guid?)home.Id, (m, home) => home.StreetId)
                    .Contains(c.StreetId))
                .Select(c => c.Id)
                .Contains(t.CommunityId))
            .Where(t => !t.HiddenFromWall || t.RequesterId == memberId);

    /// <summary>A resident's live claims (at most one per task: UX_Claims_Task_Member).</summary>
    private static readonly Expression<Func<VolunteerDbContext, Guid, IQueryable<Claim>>> ResidentsLiveClaims = (db, memberId) =>
        db.Claims.Where(c => c.Status != ClaimStatus.Cancelled && c.MemberId == memberId);

    /// <summary>The tasks resident <paramref name="memberId"/> may see (unordered, tracked unless the caller says otherwise).</summary>
    public static IQueryable<ServiceTask> TasksSeenBy(VolunteerDbContext db, Guid memberId) => For(db, ResidentSees, memberId);

    /// <summary>Resident <paramref name="memberId"/>'s live claims.</summary>
    public static IQueryable<Claim> LiveClaimsOf(VolunteerDbContext db, Guid memberId) => For(db, ResidentsLiveClaims, memberId);

    /// <summary>The query <paramref name="rule"/> states, for one context and one resident (read like a closure's values).</summary>
    private static IQueryable<T> For<T>(VolunteerDbContext db, Expression<Func<VolunteerDbContext, Guid, IQueryable<T>>> rule, Guid memberId) where T : class
    {
        var values = Expression.Constant(new Values(db, memberId));
        var body = new Substitution(new()
        {
            [rule.Parameters[0]] = Expression.Field(values, nameof(Values.Db)),
            [rule.Parameters[1]] = Expression.Field(values, nameof(Values.MemberId)),
        }).Visit(rule.Body);
        return ((IQueryable)db.Set<T>()).Provider.CreateQuery<T>(body);
    }

    private sealed class Values(VolunteerDbContext db, Guid memberId)
    {
        public readonly VolunteerDbContext Db = db;
        public readonly Guid MemberId = memberId;
    }

    private static readonly Dictionary<MethodInfo, LambdaExpression> Inlined = new()
    {
        [typeof(TaskQueryRules).GetMethod(nameof(TasksSeenBy))!] = ResidentSees,
        [typeof(TaskQueryRules).GetMethod(nameof(LiveClaimsOf))!] = ResidentsLiveClaims,
        [typeof(TaskView).GetMethod(nameof(TaskView.Of))!] = TaskView.Columns,
    };

    /// <summary>
    /// <paramref name="query"/> with each call of <see cref="TasksSeenBy"/>, <see cref="LiveClaimsOf"/> and
    /// <see cref="TaskView.Of"/> replaced by the expression it stands for, its arguments in place of the parameters.
    /// </summary>
    public static Expression<T> Inline<T>(Expression<T> query) => (Expression<T>)Inline((Expression)query);

    /// <inheritdoc cref="Inline{T}"/>
    public static Expression Inline(Expression query) => new Inliner().Visit(query);

    private sealed class Inliner : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (!Inlined.TryGetValue(node.Method, out var lambda))
                return base.VisitMethodCall(node);
            var arguments = new Dictionary<ParameterExpression, Expression>();
            for (var i = 0; i < lambda.Parameters.Count; i++)
                arguments[lambda.Parameters[i]] = Visit(node.Arguments[i]);
            return Visit(new Substitution(arguments).Visit(lambda.Body));
        }
    }

    /// <summary>Puts expressions in place of parameters; the lambdas inside get parameters of their own each time.</summary>
    private sealed class Substitution(Dictionary<ParameterExpression, Expression> map) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => map.GetValueOrDefault(node, node);

        protected override Expression VisitLambda<TDelegate>(Expression<TDelegate> node)
        {
            var fresh = new ParameterExpression[node.Parameters.Count];
            for (var i = 0; i < fresh.Length; i++)
                map[node.Parameters[i]] = fresh[i] = Expression.Parameter(node.Parameters[i].Type, node.Parameters[i].Name);
            return Expression.Lambda<TDelegate>(Visit(node.Body), node.Name, node.TailCall, fresh);
        }
    }
}

/// <summary>Reads of tasks as everyone who may see them sees them (the street's residents, partners, staff).</summary>
public sealed class TaskListQueries(VolunteerDbContext db, TimeProvider clock, TaskListCache cache) : IUseCase
{
    /// <summary>The tasks <paramref name="actor"/> may see that match the filter, latest start first.</summary>
    public Task<IQueryable<ServiceTask>> VisibleAsync(Actor actor, TaskFilter filter, CancellationToken ct) =>
        Task.FromResult(Visible(actor, filter));

    /// <summary>
    /// One page of the tasks <paramref name="actor"/> may see that match the filter, as they may see them, each turned
    /// into its answer by <paramref name="answer"/>, and how many match in all: one statement (the street in view, the
    /// page, the total and the viewer's own live claims as subqueries), where a count, a page and a look-up of claims
    /// took four round trips. Only a page past the end costs a second statement (its count). The statement projects
    /// the columns of <see cref="TaskView"/> into a pooled array: no entity and no object per row but the answer.
    /// <paramref name="answer"/> must depend on the view alone: on a cached page the answer of a row seen as most
    /// viewers see it is made once and given to each of them (<see cref="SharedTaskPage.CommonAnswers{T}"/>).
    /// </summary>
    public async Task<(IReadOnlyList<T> Items, int Total)> PageAsync<T>(Actor actor, TaskFilter filter, int skip, int take,
        Func<TaskView, T> answer, CancellationToken ct)
    {
        var views = ArrayPool<TaskView>.Shared.Rent(Math.Max(take, 1));
        var count = 0;
        try
        {
            var total = 0;
            var mainstream = actor.IsResident
                && filter is { CommunityId: not null, GridId: null, Category: null, Status: null, PartyMembersOnly: null, Day: null };
            SharedTaskPage? shared = null;
            if (mainstream && cache.Enabled && await FromCacheAsync(actor.Id, filter.CommunityId!.Value, skip, take, views, ct) is { } cached)
                (count, total, shared) = cached;
            else if (mainstream && filter.CommunityId is { } communityId)
            {
                // The LINQ of the general path is not even built here: composing it cost about a tenth of the request's CPU.
                var page = skip == 0 ? ResidentCommunityFirstPage : ResidentCommunityPage;
                await foreach (var row in page.For(db)(db, actor.Id, communityId, skip, take).WithCancellation(ct))
                    (views[count++], total) = (row.View, row.Total);
            }
            else
            {
                var visible = Visible(actor, filter);
                var mine = OwnLiveClaims(actor);
                var rows = visible.Skip(skip).Take(take)
                    .Select(t => new PageRow(TaskView.Of(t,
                            mine.Where(c => c.TaskId == t.Id).Select(c => (Guid?)c.Id).FirstOrDefault(),
                            mine.Where(c => c.TaskId == t.Id).Select(c => (ClaimStatus?)c.Status).FirstOrDefault()),
                        visible.Count()));
                rows = rows.Provider.CreateQuery<PageRow>(TaskQueryRules.Inline(rows.Expression));
                await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
                    (views[count++], total) = (row.View, row.Total);
            }
            if (count == 0 && skip > 0 && shared is null)
                total = await Visible(actor, filter).CountAsync(ct);
            await JudgeAsync(actor, views.AsMemory(0, count), ct);
            var items = new T[count];
            if (shared is not null && count > 0)
            {
                // A cached page: the answers of rows this viewer sees as most do are made once per page, not per request.
                var common = shared.CommonAnswers(answer);
                for (var i = 0; i < count; i++)
                    items[i] = views[i].Equals(shared.CommonViews[i]) ? common[i] : answer(views[i]);
            }
            else
            {
                for (var i = 0; i < count; i++)
                    items[i] = answer(views[i]);
            }
            return (items, total);
        }
        finally
        {
            ArrayPool<TaskView>.Shared.Return(views, clearArray: true);
        }
    }

    /// <summary>
    /// The mini-program's list through <see cref="TaskListCache"/>: the page's shared part (the community's rows but
    /// wishes hidden from the wall, the total) from the cache, or read and kept; then the viewer's own part in one small
    /// statement (<see cref="ViewerOf"/>: whether the community is in the viewer's home street, and the viewer's live
    /// claims on the page's tasks), the address judged for this viewer by <see cref="JudgeAsync"/> as on every path.
    /// For a viewer who has a wish hidden from the wall in the community (only they see it) it answers null: the caller
    /// reads the page without the cache. The rows are the ones the compiled statement returns to every other resident of
    /// the street: the tasks of the community with no hidden wish (of theirs), in the same order, with the same total.
    /// </summary>
    private async Task<(int Count, int Total, SharedTaskPage Page)?> FromCacheAsync(Guid memberId, Guid communityId, int skip, int take, TaskView[] views,
        CancellationToken ct)
    {
        var page = cache.Find(communityId, skip, take) ?? await MissedAsync(communityId, skip, take, ct);
        if (page.HiddenWishers.Contains(memberId))
            return null;
        var rows = page.Rows;
        var inStreet = false;
        for (var i = 0; i < rows.Length; i++)
            views[i] = rows[i];
        await foreach (var viewer in ViewerOf.For(db)(db, memberId, communityId, page.Ids).WithCancellation(ct))
        {
            inStreet = viewer.InStreet;
            if (viewer.ClaimTaskId is not { } taskId)
                continue;
            for (var i = 0; i < rows.Length; i++)
                if (views[i].Id == taskId)
                    views[i] = views[i] with { MyClaimId = viewer.ClaimId, MyClaimStatus = viewer.ClaimStatus };
        }
        if (!inStreet)
        {
            Array.Clear(views, 0, rows.Length);
            return (0, 0, page);
        }
        return (rows.Length, page.Total, page);
    }

    /// <summary>A page not in the cache: read once for all the requests that miss it at the same moment (<see cref="TaskListCache.ReadOnceAsync"/>).</summary>
    private Task<SharedTaskPage> MissedAsync(Guid communityId, int skip, int take, CancellationToken ct) =>
        cache.ReadOnceAsync(communityId, skip, take, () => ReadSharedAsync(communityId, skip, take, ct), ct);

    /// <summary>Reads the shared part of a page (<see cref="SharedRows"/>, and who has a wish hidden there) and keeps it.</summary>
    private async Task<SharedTaskPage> ReadSharedAsync(Guid communityId, int skip, int take, CancellationToken ct)
    {
        var generation = cache.Generation;
        var readFrom = clock.GetUtcNow();
        var rows = new List<TaskView>(take);
        var total = 0;
        await foreach (var row in SharedRows.For(db)(db, communityId, skip, take).WithCancellation(ct))
        {
            rows.Add(row.View);
            total = row.Total;
        }
        if (rows.Count == 0 && skip > 0)
            total = await db.Tasks.CountAsync(t => t.CommunityId == communityId && !t.HiddenFromWall, ct);
        var hiddenWishers = await db.Tasks.AsNoTracking()
            .Where(t => t.CommunityId == communityId && t.HiddenFromWall && t.RequesterId != null)
            .Select(t => t.RequesterId!.Value).Distinct().ToListAsync(ct);
        return cache.Store(communityId, skip, take, [.. rows], total, [.. hiddenWishers], generation, readFrom);
    }

    /// <summary>
    /// The shared part of a page: the tasks of one community but wishes hidden from the wall, latest start first, with
    /// their total — what <see cref="ResidentCommunityRows"/> returns to a resident of the community's street who has no
    /// hidden wish there, without the viewer's claims (the address not yet judged).
    /// </summary>
    private static readonly CompiledQuery<Func<VolunteerDbContext, Guid, int, int, IAsyncEnumerable<PageRow>>> SharedRows =
        new(() => EF.CompileAsyncQuery(TaskQueryRules.Inline<Func<VolunteerDbContext, Guid, int, int, IQueryable<PageRow>>>((db, communityId, skip, take) =>
            db.Tasks.AsNoTracking().TagWith(PositionalParameters.Tag)
                .Where(t => t.CommunityId == communityId && !t.HiddenFromWall)
                .OrderByDescending(t => t.StartsAt).ThenBy(t => t.Id)
                .Skip(skip).Take(take)
                .Select(t => new PageRow(TaskView.Of(t, null, null),
                    db.Tasks.Count(v => v.CommunityId == communityId && !v.HiddenFromWall))))));

    /// <summary>The viewer's own part of a cached page: one row per live claim on the page's tasks (or one without a claim).</summary>
    private readonly record struct ViewerRow(bool InStreet, Guid? ClaimTaskId, Guid? ClaimId, ClaimStatus? ClaimStatus);

    /// <summary>
    /// Whether <c>communityId</c> is in resident <c>memberId</c>'s home street (the rule of <see cref="TaskQueryRules"/>),
    /// and the resident's live claims (<see cref="TaskQueryRules.LiveClaimsOf"/>) on the given tasks: one statement of
    /// primary-key and index look-ups, like <c>/me/points</c>'. No row when the member does not exist (nothing is seen).
    /// </summary>
    private static readonly CompiledQuery<Func<VolunteerDbContext, Guid, Guid, Guid[], IAsyncEnumerable<ViewerRow>>> ViewerOf =
        new(() => EF.CompileAsyncQuery(TaskQueryRules.Inline<Func<VolunteerDbContext, Guid, Guid, Guid[], IQueryable<ViewerRow>>>((db, memberId, communityId, taskIds) =>
            from m in db.Members.AsNoTracking().TagWith(PositionalParameters.Tag).Where(m => m.Id == memberId)
            from c in TaskQueryRules.LiveClaimsOf(db, memberId).Where(c => taskIds.Contains(c.TaskId)).DefaultIfEmpty()
            select new ViewerRow(
                db.Communities.Any(x => x.Id == communityId && db.Communities.Any(h => (Guid?)h.Id == m.CommunityId && h.StreetId == x.StreetId)),
                (Guid?)c!.TaskId, (Guid?)c.Id, (ClaimStatus?)c.Status))));

    /// <summary>A row of a page: the task as its viewer may see it, and how many tasks match in all.</summary>
    private readonly record struct PageRow(TaskView View, int Total);

    /// <summary>
    /// The mini-program's task list (a resident, one community, no other filter): the statement <see cref="PageAsync{T}"/>
    /// sends for it, compiled once per EF Core model, so each request skips EF Core's per-query work (reading the
    /// query's closure values and looking the query up in its cache), which showed as about a tenth of the
    /// request's CPU. The resident's visibility and own claims are <see cref="TaskQueryRules"/>' (the general path's too):
    /// the communities of the resident's home street, wishes hidden from the wall only to others, latest start first.
    /// </summary>
    private static readonly Expression<Func<VolunteerDbContext, Guid, Guid, int, int, IQueryable<PageRow>>> ResidentCommunityRows =
        TaskQueryRules.Inline<Func<VolunteerDbContext, Guid, Guid, int, int, IQueryable<PageRow>>>((db, memberId, communityId, skip, take) =>
            TaskQueryRules.TasksSeenBy(db, memberId).AsNoTracking().TagWith(PositionalParameters.Tag)
                .Where(t => t.CommunityId == communityId)
                .OrderByDescending(t => t.StartsAt).ThenBy(t => t.Id)
                .Skip(skip).Take(take)
                .Select(t => new PageRow(
                    TaskView.Of(t,
                        TaskQueryRules.LiveClaimsOf(db, memberId).Where(c => c.TaskId == t.Id).Select(c => (Guid?)c.Id).FirstOrDefault(),
                        TaskQueryRules.LiveClaimsOf(db, memberId).Where(c => c.TaskId == t.Id).Select(c => (ClaimStatus?)c.Status).FirstOrDefault()),
                    TaskQueryRules.TasksSeenBy(db, memberId).Count(v => v.CommunityId == communityId))));

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
        // A resident: the rule the mini-program's compiled list states too (TaskQueryRules), wishes hidden from the wall included.
        var query = actor.IsResident ? TaskQueryRules.TasksSeenBy(db, actor.Id).AsNoTracking() : db.Tasks.AsNoTracking();
        if (!actor.IsResident && db.CommunitiesInView(actor) is { } communities)
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
        // A wish staff hid from the wall (privacy) is not listed to partners either (nor to residents but its wisher, above).
        if (!actor.IsStaff && !actor.IsAdmin && !actor.IsResident)
            query = query.Where(t => !t.HiddenFromWall);
        return query.OrderByDescending(t => t.StartsAt).ThenBy(t => t.Id);
    }

    /// <summary>The viewer's own live claims: a resident's, or their organisation's for partner staff; none for anyone else.</summary>
    private IQueryable<Claim> OwnLiveClaims(Actor actor)
    {
        if (actor.IsResident)
            return TaskQueryRules.LiveClaimsOf(db, actor.Id).AsNoTracking();
        var claims = db.Claims.AsNoTracking().Where(c => c.Status != ClaimStatus.Cancelled);
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
        var views = tasks.Select(t => myClaims.GetValueOrDefault(t.Id) is { } my
            ? TaskView.Of(t, my.Id, my.Status)
            : TaskView.Of(t, null, null)).ToArray();
        await JudgeAsync(actor, views, ct);
        return views;
    }

    /// <summary>
    /// Decides, for each view, whether its viewer is shown the address (<see cref="ServiceTask.AddressVisible"/>), and
    /// records whoever is shown a vulnerable resident's address, other than the resident.
    /// </summary>
    private async Task JudgeAsync(Actor actor, Memory<TaskView> views, CancellationToken ct)
    {
        if (views.Length == 0)
            return;
        HashSet<Guid>? managed = null;
        if (actor.IsStaff || actor.IsAdmin)
        {
            managed = [];
            var asked = new HashSet<Guid>();
            for (var i = 0; i < views.Length; i++)
            {
                var id = views.Span[i].CommunityId;
                if (asked.Add(id) && await db.ManagesAsync(actor, id, ct))
                    managed.Add(id);
            }
        }

        var audited = false;
        for (var i = 0; i < views.Length; i++)
        {
            var v = views.Span[i];
            var accepted = v.MyClaimStatus is { } status && Claim.HoldingSlot.Contains(status);
            var ownTask = actor.IsResident && v.RequesterId == actor.Id;
            var manages = (managed is not null && managed.Contains(v.CommunityId)) || actor.IsGridWorkerOf(v.CommunityId, v.GridId);
            var visible = ServiceTask.AddressVisible(v.IsSensitive, manages, ownTask, accepted);
            if (visible && v.IsSensitive && !ownTask && v.Address is not null)
            {
                await AuditTrail.AddAsync(db, clock, actor, AuditAction.SensitiveAddressViewed, v.RequesterId, $"task {v.Id}", ct);
                audited = true;
            }
            views.Span[i] = v with { AddressVisible = visible };
        }
        if (audited)
            await db.SaveChangesAsync(ct);
    }
}
