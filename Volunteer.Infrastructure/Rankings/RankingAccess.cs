using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Rankings;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Rankings;

/// <summary>A grid, community or street a ranking is drawn up for.</summary>
/// <param name="CommunityId">The community of a grid or community scope; null for a street.</param>
public sealed record RankingPlace(RankingScope Scope, Guid Id, string Name, Guid StreetId, Guid? CommunityId);

/// <summary>
/// Who sees which rankings, honours and boards. Recognition is public within a street: residents
/// (by their home community), staff, partner staff and admins see the rankings and honours of
/// every grid and community of their street. Names are shown in full only to those who manage the
/// place; everyone else sees them masked (张*明), except their own.
/// </summary>
public static class RankingAccess
{
    public static async Task<RankingPlace> ResolveAsync(VolunteerDbContext db, Actor actor, RankingScope scope, Guid? scopeId, CancellationToken ct)
    {
        var id = scopeId ?? await DefaultScopeIdAsync(db, actor, scope, ct) ?? throw ScopeIdRequired();
        var place = await PlaceAsync(db, scope, id, ct) ?? throw ScopeNotFound();
        await EnsureSameStreetAsync(db, actor, place.StreetId, ct);
        return place;
    }

    /// <summary>The grid, community or street <paramref name="id"/>, with its name and street; null when there is none.</summary>
    public static async Task<RankingPlace?> PlaceAsync(VolunteerDbContext db, RankingScope scope, Guid id, CancellationToken ct) =>
        scope switch
        {
            RankingScope.Grid => await (
                from g in db.Grids
                join c in db.Communities on g.CommunityId equals c.Id
                where g.Id == id
                select new RankingPlace(RankingScope.Grid, g.Id, c.Name + " " + g.Name, c.StreetId, c.Id)).SingleOrDefaultAsync(ct),
            RankingScope.Community => await db.Communities.Where(c => c.Id == id)
                .Select(c => new RankingPlace(RankingScope.Community, c.Id, c.Name, c.StreetId, c.Id)).SingleOrDefaultAsync(ct),
            RankingScope.Street => await db.Streets.Where(s => s.Id == id)
                .Select(s => new RankingPlace(RankingScope.Street, s.Id, s.Name, s.Id, null)).SingleOrDefaultAsync(ct),
            _ => null,
        };

    public static DomainException ScopeIdRequired() => DomainException.Invalid("scopeId", "请指定 scopeId（网格、社区或街道的 id）。");

    public static DomainException ScopeNotFound() => DomainException.NotFound("ranking.scopeNotFound", "指定的网格、社区或街道不存在。");

    /// <summary>The grid, community or street an account (not a resident) means when it names none: its own community or street.</summary>
    public static Guid? AccountScopeId(Actor actor, RankingScope scope) => scope switch
    {
        RankingScope.Street => actor.StreetId,
        RankingScope.Community => actor.CommunityId,
        _ => null,
    };

    /// <summary>The check of <see cref="EnsureSameStreetAsync"/> with the viewer's street already read.</summary>
    public static void EnsureSameStreet(Actor actor, Guid placeStreetId, Guid? viewerStreetId)
    {
        if (!actor.IsPlatformAdmin && viewerStreetId != placeStreetId)
            throw Forbidden();
    }

    private static DomainException Forbidden() => DomainException.Forbidden("ranking.forbidden", "排行与表彰仅对本街道的居民和工作人员公开。");

    /// <summary>Rankings and honours are public within a street; others get 403.</summary>
    public static async Task EnsureSameStreetAsync(VolunteerDbContext db, Actor actor, Guid streetId, CancellationToken ct)
    {
        if (actor.IsPlatformAdmin)
            return;
        if (await StreetOfAsync(db, actor, ct) != streetId)
            throw Forbidden();
    }

    /// <summary>Staff of the community (for it and its grids) and admins of the street see full names.</summary>
    public static bool SeesNames(Actor actor, RankingPlace place) =>
        actor.IsAdminOf(place.StreetId) || (place.CommunityId is { } community && actor.IsStaffOf(community));

    /// <summary>The viewer's street: a resident's through their home community, anyone else's from their account.</summary>
    public static async Task<Guid?> StreetOfAsync(VolunteerDbContext db, Actor actor, CancellationToken ct)
    {
        if (!actor.IsResident)
            return actor.StreetId;
        return await (
            from m in db.Members
            join c in db.Communities on m.CommunityId equals c.Id
            where m.Id == actor.Id
            select (Guid?)c.StreetId).SingleOrDefaultAsync(ct);
    }

    /// <summary>The viewer's own grid, community or street, for a request that names none.</summary>
    private static async Task<Guid?> DefaultScopeIdAsync(VolunteerDbContext db, Actor actor, RankingScope scope, CancellationToken ct)
    {
        if (scope == RankingScope.Street)
            return await StreetOfAsync(db, actor, ct);
        if (actor.IsResident)
        {
            var home = await db.Members.Where(m => m.Id == actor.Id).Select(m => new { m.CommunityId, m.GridId }).SingleAsync(ct);
            return scope == RankingScope.Grid ? home.GridId : home.CommunityId;
        }
        return AccountScopeId(actor, scope);
    }

    /// <summary>
    /// The 积分公示 board of a community: its residents, its staff and the street's admins. Anyone
    /// else gets 403; an unknown community 404.
    /// </summary>
    public static async Task<Domain.Communities.Community> BoardCommunityAsync(VolunteerDbContext db, Actor actor, Guid communityId, CancellationToken ct)
    {
        var community = await db.CommunityAsync(communityId, ct);
        var allowed = actor.IsResident
            ? await db.Members.AnyAsync(m => m.Id == actor.Id && m.CommunityId == community.Id, ct)
            : actor.CanManage(community.Id, community.StreetId);
        if (!allowed)
            throw DomainException.Forbidden("board.forbidden", "积分公示仅对本社区居民和本社区工作人员开放。");
        return community;
    }
}
