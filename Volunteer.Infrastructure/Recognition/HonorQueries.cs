using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Recognition;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Rankings;

namespace Volunteer.Infrastructure.Recognition;

/// <summary>What an honour answer shows beside the honours: members' names, communities' names and streets.</summary>
public sealed record HonorNames(IReadOnlyDictionary<Guid, string> Members, IReadOnlyDictionary<Guid, (string Name, Guid StreetId)> Communities);

/// <summary>Reads of honours (表彰) and honour settings. Registered like the use cases.</summary>
public sealed class HonorQueries(VolunteerDbContext db) : IUseCase
{
    /// <summary>
    /// The honours the viewer asked for, newest month first: of a named community in their street (403 otherwise),
    /// else a resident's home community, a staff member's community, an admin's street, or every street for platform admins.
    /// </summary>
    public async Task<IQueryable<Honor>> ListedAsync(Actor actor, Guid? communityId, Period? month, CancellationToken ct)
    {
        IQueryable<Honor> query = db.Honors.AsNoTracking();
        if (communityId is { } id)
        {
            var community = await db.CommunityAsync(id, ct);
            await RankingAccess.EnsureSameStreetAsync(db, actor, community.StreetId, ct);
            query = query.Where(h => h.CommunityId == id);
        }
        else if (actor.IsResident)
        {
            var home = await db.Members.Where(m => m.Id == actor.Id).Select(m => m.CommunityId).SingleAsync(ct)
                ?? throw DomainException.Invalid("communityId", "请先在个人资料中选择所属社区，或指定 communityId。");
            query = query.Where(h => h.CommunityId == home);
        }
        else if (actor.IsStaff)
        {
            query = query.Where(h => h.CommunityId == actor.CommunityId);
        }
        else if (!actor.IsPlatformAdmin)
        {
            var street = actor.StreetId;
            query = query.Where(h => db.Communities.Any(c => c.Id == h.CommunityId && c.StreetId == street));
        }
        if (month is { } m)
            query = query.Where(h => h.Period == m.Key);
        return query.OrderByDescending(h => h.Period).ThenBy(h => h.CommunityId).ThenBy(h => h.Kind).ThenBy(h => h.Rank).ThenBy(h => h.MemberId);
    }

    public async Task<HonorNames> NamesAsync(IReadOnlyList<Honor> honors, CancellationToken ct)
    {
        var memberIds = honors.Select(h => h.MemberId).Distinct().ToList();
        var communityIds = honors.Select(h => h.CommunityId).Distinct().ToList();
        var names = await db.Members.AsNoTracking().Where(x => memberIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var communities = await db.Communities.AsNoTracking().Where(c => communityIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => (c.Name, c.StreetId), ct);
        return new HonorNames(names, communities);
    }
}
