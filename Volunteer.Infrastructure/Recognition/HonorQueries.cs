using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Recognition;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Rankings;

namespace Volunteer.Infrastructure.Recognition;

/// <summary>What an honour answer shows beside the honours: members' names, communities' names and streets.</summary>
public sealed record HonorNames(IReadOnlyDictionary<Guid, string> Members, IReadOnlyDictionary<Guid, (string Name, Guid StreetId)> Communities);

/// <summary>A nomination with the names shown beside it.</summary>
public sealed record NominationRow(HonorNomination Nomination, string TitleName, string CommunityName, string SubjectName);

/// <summary>A published honour (an approved nomination) as the roll shows it; names masked for those who do not manage the community.</summary>
public sealed record AwardRow(HonorNomination Nomination, string TitleName, string CommunityName, string SubjectName, bool IsMine);

/// <summary>Reads of honours (表彰): the monthly honours and their settings, and the configurable titles, nominations and the published roll. Registered like the use cases.</summary>
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

    /// <summary>The titles of the actor's street (platform admins: every street's), active first, then by name.</summary>
    public async Task<IReadOnlyList<HonorTitle>> TitlesAsync(Actor actor, bool includeRetired, CancellationToken ct)
    {
        var query = db.HonorTitles.AsNoTracking();
        if (await db.StreetInViewAsync(actor, ct) is { } street)
            query = query.Where(t => t.StreetId == street);
        if (!includeRetired)
            query = query.Where(t => t.IsActive);
        return await query.OrderByDescending(t => t.IsActive).ThenBy(t => t.Name).ThenBy(t => t.Id).ToListAsync(ct);
    }

    /// <summary>Nominations the actor may see: staff their community's, admins their street's; residents and partners none (403).</summary>
    public IQueryable<HonorNomination> NominationsInView(Actor actor)
    {
        actor.EnsureStaffOrAdmin();
        var query = db.HonorNominations.AsNoTracking();
        if (actor.IsStaff)
            return query.Where(n => n.CommunityId == actor.CommunityId);
        return actor.IsPlatformAdmin ? query : query.Where(n => n.StreetId == actor.StreetId);
    }

    /// <summary>One nomination the actor may see (404 otherwise).</summary>
    public Task<HonorNomination> NominationAsync(Actor actor, Guid id, CancellationToken ct) => HonorAccess.NominationInViewAsync(db, actor, id, ct);

    public async Task<IReadOnlyList<NominationRow>> NominationRowsAsync(IReadOnlyList<HonorNomination> nominations, CancellationToken ct)
    {
        var (titles, communities, subjects) = await NominationNamesAsync(nominations, ct);
        return nominations.Select(n => new NominationRow(n, titles.GetValueOrDefault(n.TitleId, ""), communities.GetValueOrDefault(n.CommunityId, ""),
            SubjectName(n, subjects, full: true))).ToList();
    }

    /// <summary>
    /// The published honours in view (表彰榜): public within the street, like the monthly honours. Without a
    /// community: residents and staff see their own community's, admins their street's.
    /// </summary>
    public async Task<IQueryable<HonorNomination>> AwardsInViewAsync(Actor actor, Guid? communityId, CancellationToken ct)
    {
        var query = db.HonorNominations.AsNoTracking().Where(n => n.Status == NominationStatus.Approved);
        if (communityId is { } id)
        {
            var community = await db.CommunityAsync(id, ct);
            await RankingAccess.EnsureSameStreetAsync(db, actor, community.StreetId, ct);
            return query.Where(n => n.CommunityId == id);
        }
        if (actor.IsResident)
        {
            var home = await db.Members.Where(m => m.Id == actor.Id).Select(m => m.CommunityId).SingleAsync(ct)
                ?? throw DomainException.Invalid("communityId", "请先在个人资料中选择所属社区，或指定 communityId。");
            return query.Where(n => n.CommunityId == home);
        }
        if (actor.IsStaff)
            return query.Where(n => n.CommunityId == actor.CommunityId);
        if (actor.IsPlatformAdmin)
            return query;
        var street = actor.StreetId;
        return query.Where(n => n.StreetId == street);
    }

    public async Task<IReadOnlyList<AwardRow>> AwardRowsAsync(Actor actor, IReadOnlyList<HonorNomination> awards, CancellationToken ct)
    {
        var (titles, communities, subjects) = await NominationNamesAsync(awards, ct);
        var myHousehold = actor.IsResident ? await HouseholdSubjects.HouseholdOfAsync(db, actor.Id, ct) : null;
        return awards.Select(n =>
        {
            var mine = actor.IsResident && (n.MemberId == actor.Id || (n.HouseholdId is { } h && h == myHousehold));
            var full = mine || actor.IsAdminOf(n.StreetId) || actor.IsStaffOf(n.CommunityId);
            return new AwardRow(n, titles.GetValueOrDefault(n.TitleId, ""), communities.GetValueOrDefault(n.CommunityId, ""),
                SubjectName(n, subjects, full), mine);
        }).ToList();
    }

    private static string SubjectName(HonorNomination n, IReadOnlyDictionary<Guid, HouseholdName> subjects, bool full) =>
        subjects.GetValueOrDefault(n.MemberId ?? n.HouseholdId ?? Guid.Empty) is { } name ? (full ? name.Full : name.Public) : "";

    private async Task<(Dictionary<Guid, string> Titles, Dictionary<Guid, string> Communities, IReadOnlyDictionary<Guid, HouseholdName> Subjects)> NominationNamesAsync(
        IReadOnlyList<HonorNomination> nominations, CancellationToken ct)
    {
        var titleIds = nominations.Select(n => n.TitleId).Distinct().ToList();
        var communityIds = nominations.Select(n => n.CommunityId).Distinct().ToList();
        var memberIds = nominations.Where(n => n.MemberId is not null).Select(n => n.MemberId!.Value).Distinct().ToList();
        var householdIds = nominations.Where(n => n.HouseholdId is not null).Select(n => n.HouseholdId!.Value).Distinct().ToList();
        var titles = await db.HonorTitles.AsNoTracking().Where(t => titleIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var communities = await db.Communities.AsNoTracking().Where(c => communityIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var subjects = await db.Members.AsNoTracking().Where(m => memberIds.Contains(m.Id))
            .ToDictionaryAsync(m => m.Id, m => new HouseholdName(m.Name, Masking.Name(m.Name)), ct);
        foreach (var (id, name) in await HouseholdSubjects.NamesAsync(db, householdIds, ct))
            subjects[id] = name;
        return (titles, communities, subjects);
    }
}
