using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Common;

/// <summary>
/// Who may touch which community: staff their own, admins the communities of their street.
/// Objects a caller may not see answer 404 (no hint that they exist); objects they may see
/// but not change answer 403.
/// </summary>
public static class Scopes
{
    public static async Task<Community> CommunityAsync(this VolunteerDbContext db, Guid communityId, CancellationToken ct) =>
        await db.Communities.AsNoTracking().SingleOrDefaultAsync(c => c.Id == communityId, ct)
        ?? throw CommunityErrors.CommunityNotFound();

    /// <summary>Whether the actor manages <paramref name="communityId"/>, without throwing.</summary>
    public static async Task<bool> ManagesAsync(this VolunteerDbContext db, Actor actor, Guid communityId, CancellationToken ct)
    {
        if (actor.IsStaffOf(communityId) || actor.IsPlatformAdmin)
            return true;
        if (!actor.IsAdmin)
            return false;
        return await db.Communities.AnyAsync(c => c.Id == communityId && c.StreetId == actor.StreetId, ct);
    }

    /// <summary>
    /// Whether the actor manages something of <paramref name="communityId"/> lying in <paramref name="gridId"/>: staff of the
    /// community and admins of its street do; a grid worker (网格员) only when it lies in their own grid. Needs, tasks, claims
    /// and members are checked this way; everything checked by community alone stays closed to grid workers.
    /// </summary>
    public static async Task<bool> ManagesAsync(this VolunteerDbContext db, Actor actor, Guid communityId, Guid? gridId, CancellationToken ct) =>
        actor.IsGridWorker ? actor.IsGridWorkerOf(communityId, gridId) : await db.ManagesAsync(actor, communityId, ct);

    /// <summary>The needs the actor manages (grid workers: those of their grid).</summary>
    public static IQueryable<Domain.Needs.Need> ManagedBy(this IQueryable<Domain.Needs.Need> query, VolunteerDbContext db, Actor actor) =>
        actor.IsGridWorker ? query.Where(n => n.CommunityId == actor.CommunityId && n.GridId != null && n.GridId == actor.GridId)
        : db.ManagedCommunityIds(actor) is { } managed ? query.Where(n => managed.Contains(n.CommunityId)) : query;

    /// <summary>The tasks the actor manages (grid workers: those of their grid).</summary>
    public static IQueryable<Domain.Tasks.ServiceTask> ManagedBy(this IQueryable<Domain.Tasks.ServiceTask> query, VolunteerDbContext db, Actor actor) =>
        actor.IsGridWorker ? query.Where(t => t.CommunityId == actor.CommunityId && t.GridId != null && t.GridId == actor.GridId)
        : db.ManagedCommunityIds(actor) is { } managed ? query.Where(t => managed.Contains(t.CommunityId)) : query;

    /// <summary>The residents the actor manages (grid workers: those of their grid).</summary>
    public static IQueryable<Domain.Members.Member> ManagedBy(this IQueryable<Domain.Members.Member> query, VolunteerDbContext db, Actor actor) =>
        actor.IsGridWorker ? query.Where(m => m.CommunityId == actor.CommunityId && m.GridId != null && m.GridId == actor.GridId)
        : db.ManagedCommunityIds(actor) is { } managed ? query.Where(m => m.CommunityId != null && managed.Contains(m.CommunityId.Value))
        : query.Where(m => m.CommunityId != null);

    /// <summary>Loads a community the actor manages; 403 when it exists but is someone else's.</summary>
    public static async Task<Community> ManagedCommunityAsync(this VolunteerDbContext db, Actor actor, Guid communityId, CancellationToken ct)
    {
        var community = await db.CommunityAsync(communityId, ct);
        if (!actor.CanManage(community.Id, community.StreetId))
            throw NotYourCommunity();
        return community;
    }

    public static DomainException NotYourCommunity() =>
        DomainException.Forbidden("community.forbidden", "只能管理本社区（或本街道）的事务。");

    /// <summary>Communities an actor manages, as a query to filter by; null means all.</summary>
    public static IQueryable<Guid>? ManagedCommunityIds(this VolunteerDbContext db, Actor actor) => actor switch
    {
        { IsPlatformAdmin: true } => null,
        { IsAdmin: true } => db.Communities.Where(c => c.StreetId == actor.StreetId).Select(c => c.Id),
        { IsStaff: true } => db.Communities.Where(c => c.Id == actor.CommunityId).Select(c => c.Id),
        _ => db.Communities.Where(_ => false).Select(c => c.Id),
    };

    /// <summary>
    /// The street whose tasks, rewards and partners the actor sees and claims (streets are separate
    /// worlds): a resident's home street, looked up now (it follows a move); an account's own street;
    /// null for a platform admin, who sees every street. A resident without a home community sees
    /// none: <see cref="Guid.Empty"/>, which matches no street.
    /// </summary>
    public static async Task<Guid?> StreetInViewAsync(this VolunteerDbContext db, Actor actor, CancellationToken ct)
    {
        if (actor.IsPlatformAdmin)
            return null;
        if (!actor.IsResident)
            return actor.StreetId ?? Guid.Empty;
        return await db.Members.Where(m => m.Id == actor.Id)
            .Join(db.Communities, m => m.CommunityId, c => (Guid?)c.Id, (m, c) => (Guid?)c.StreetId)
            .SingleOrDefaultAsync(ct) ?? Guid.Empty;
    }

    /// <summary>The communities of the actor's street, as a query to filter by; null means all (platform admins).</summary>
    public static async Task<IQueryable<Guid>?> CommunitiesInViewAsync(this VolunteerDbContext db, Actor actor, CancellationToken ct) =>
        await db.StreetInViewAsync(actor, ct) is { } street
            ? db.Communities.Where(c => c.StreetId == street).Select(c => c.Id)
            : null;

    /// <summary>Whether a community lies in the actor's street (platform admins: every community).</summary>
    public static async Task<bool> SeesCommunityAsync(this VolunteerDbContext db, Actor actor, Guid communityId, CancellationToken ct) =>
        await db.StreetInViewAsync(actor, ct) is not { } street
        || await db.Communities.AnyAsync(c => c.Id == communityId && c.StreetId == street, ct);

    public static async Task<Grid?> GridInAsync(this VolunteerDbContext db, Guid? gridId, Guid communityId, CancellationToken ct)
    {
        if (gridId is not { } id)
            return null;
        var grid = await db.Grids.AsNoTracking().SingleOrDefaultAsync(g => g.Id == id, ct);
        if (grid is null || grid.CommunityId != communityId)
            throw DomainException.Invalid("gridId", "网格不存在或不属于该社区。");
        return grid;
    }

    /// <summary>
    /// The street an admin creates something in: their own street, or, for a platform admin, the
    /// one they name. Naming another street than one's own is 403; an unknown street is 400.
    /// </summary>
    public static async Task<Guid> AdminTargetStreetAsync(this VolunteerDbContext db, Actor actor, Guid? requested, CancellationToken ct)
    {
        actor.EnsureAdmin();
        var target = actor.StreetId ?? requested ?? throw DomainException.Invalid("streetId", "请指定所属街道。");
        if (requested is { } given && given != target)
            throw CommunityErrors.OtherStreet();
        if (!await db.Streets.AnyAsync(s => s.Id == target, ct))
            throw DomainException.Invalid("streetId", "街道不存在。");
        return target;
    }
}
