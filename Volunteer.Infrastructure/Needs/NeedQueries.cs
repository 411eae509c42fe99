using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Needs;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Needs;

/// <summary>A need with the names a reviewer sees beside it.</summary>
public sealed record NeedRow(Need Need, string RequesterName, bool PostedByStaff);

/// <summary>Reads of needs, shared by the API and the console. Registered like the use cases.</summary>
public sealed class NeedQueries(VolunteerDbContext db) : IUseCase
{
    /// <summary>The needs <paramref name="actor"/> may see: a resident their own, staff and admins those of the communities they manage.</summary>
    public IQueryable<Need> VisibleTo(Actor actor)
    {
        var query = db.Needs.AsNoTracking();
        if (actor.IsResident)
            return query.Where(n => n.RequesterId == actor.Id);
        return query.ManagedBy(db, actor);
    }

    /// <summary>The review queue (待审核), oldest first.</summary>
    public async Task<IReadOnlyList<NeedRow>> PendingAsync(Actor actor, int take, CancellationToken ct)
    {
        var needs = await VisibleTo(actor).Where(n => n.Status == NeedStatus.Pending)
            .OrderBy(n => n.CreatedAt).ThenBy(n => n.Id).Take(take).ToListAsync(ct);
        return await RowsAsync(needs, ct);
    }

    /// <summary>Recently reviewed needs, newest first.</summary>
    public async Task<IReadOnlyList<NeedRow>> ReviewedAsync(Actor actor, int take, CancellationToken ct)
    {
        var needs = await VisibleTo(actor).Where(n => n.Status != NeedStatus.Pending)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(take).ToListAsync(ct);
        return await RowsAsync(needs, ct);
    }

    public Task<int> PendingCountAsync(Actor actor, CancellationToken ct) =>
        VisibleTo(actor).CountAsync(n => n.Status == NeedStatus.Pending, ct);

    public async Task<IReadOnlyDictionary<Guid, string>> RequesterNamesAsync(IEnumerable<Guid> memberIds, CancellationToken ct)
    {
        var ids = memberIds.Distinct().ToList();
        return await db.Members.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
    }

    /// <summary>The needs <paramref name="actor"/> may see that match the filters, newest first.</summary>
    public IQueryable<Need> Listed(Actor actor, Guid? communityId, NeedStatus? status, Domain.Tasks.TaskCategory? category)
    {
        var query = VisibleTo(actor);
        if (communityId is { } c) query = query.Where(n => n.CommunityId == c);
        if (status is { } s) query = query.Where(n => n.Status == s);
        if (category is { } cat) query = query.Where(n => n.Category == cat);
        return Newest(query);
    }

    /// <summary>A resident's own needs, newest first (403 for anyone else).</summary>
    public IQueryable<Need> Mine(Actor actor, NeedStatus? status)
    {
        actor.EnsureResident();
        var query = db.Needs.AsNoTracking().Where(n => n.RequesterId == actor.Id);
        if (status is { } s) query = query.Where(n => n.Status == s);
        return Newest(query);
    }

    /// <summary>A need its viewer may see (404 otherwise), and whether they manage its community.</summary>
    public Task<(Need Need, bool Manages)> VisibleAsync(Actor actor, Guid needId, CancellationToken ct) =>
        NeedAccess.LoadVisibleAsync(db, actor, needId, ct);

    /// <summary>A need of a community the viewer manages (404 otherwise: a resident's own need is not reviewed by them).</summary>
    public async Task<Need> ManagedAsync(Actor actor, Guid needId, CancellationToken ct)
    {
        var (need, manages) = await NeedAccess.LoadVisibleAsync(db, actor, needId, ct);
        return manages ? need : throw NeedAccess.NotFound();
    }

    public async Task<NeedRow> RowAsync(Need need, CancellationToken ct) => (await RowsAsync([need], ct))[0];

    public async Task<IReadOnlyList<NeedRow>> RowsAsync(IReadOnlyList<Need> needs, CancellationToken ct)
    {
        var names = await RequesterNamesAsync(needs.Select(n => n.RequesterId), ct);
        return needs.Select(n => new NeedRow(n, names.GetValueOrDefault(n.RequesterId, ""), n.PostedByAccountId is not null)).ToList();
    }

    private static IQueryable<Need> Newest(IQueryable<Need> query) => query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id);
}
