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

    private async Task<IReadOnlyList<NeedRow>> RowsAsync(List<Need> needs, CancellationToken ct)
    {
        var names = await RequesterNamesAsync(needs.Select(n => n.RequesterId), ct);
        return needs.Select(n => new NeedRow(n, names.GetValueOrDefault(n.RequesterId, ""), n.PostedByAccountId is not null)).ToList();
    }
}
