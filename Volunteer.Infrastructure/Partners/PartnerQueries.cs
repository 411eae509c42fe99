using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Partners;

/// <summary>A community a partner serves under an agreement in force.</summary>
public sealed record ServedCommunityRow(Guid CommunityId, string Name, DateOnly EndsOn);

/// <summary>A partner as the street office manages it: its co-building agreements (with the community's name), badge history and staff accounts.</summary>
public sealed record PartnerDetail(Partner Partner, IReadOnlyList<(CoBuildingAgreement Agreement, string CommunityName)> Agreements,
    IReadOnlyList<Account> Staff);

/// <summary>Reads of partner organisations: those an admin manages, and those serving a resident. Shared by the API and the console. Registered like the use cases.</summary>
public sealed class PartnerQueries(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    /// <summary>The partners of the admin's street (every street for a platform admin), with their badges, by name.</summary>
    public IQueryable<Partner> Managed(Actor actor)
    {
        actor.EnsureAdmin();
        var query = db.Partners.AsNoTracking().Include(p => p.Badges).AsQueryable();
        if (!actor.IsPlatformAdmin) query = query.Where(p => p.StreetId == actor.StreetId);
        return query.OrderBy(p => p.Name).ThenBy(p => p.Id);
    }

    public async Task<IReadOnlyList<Partner>> ManagedAsync(Actor actor, int take, CancellationToken ct) =>
        await Managed(actor).Take(take).ToListAsync(ct);

    /// <summary>One partner of the admin's street with its agreements and staff; another street's is 404.</summary>
    public async Task<PartnerDetail> DetailAsync(Actor actor, Guid partnerId, CancellationToken ct) =>
        await DetailAsync(await PartnerAccess.LoadManagedAsync(db, actor, partnerId, ct), ct);

    /// <summary>The agreements and staff of a partner already loaded through <see cref="PartnerAccess"/>.</summary>
    public async Task<PartnerDetail> DetailAsync(Partner partner, CancellationToken ct)
    {
        var agreements = await db.CoBuildingAgreements.AsNoTracking().Where(a => a.PartnerId == partner.Id)
            .Join(db.Communities, a => a.CommunityId, c => c.Id, (a, c) => new { Agreement = a, c.Name })
            .OrderBy(x => x.Name).ToListAsync(ct);
        var staff = await db.Accounts.AsNoTracking().Where(a => a.PartnerId == partner.Id && a.Role == ActorRole.PartnerStaff)
            .OrderBy(a => a.Username).ToListAsync(ct);
        return new PartnerDetail(partner, agreements.Select(x => (x.Agreement, x.Name)).ToList(), staff);
    }

    /// <summary>The partners serving the viewed community now (see <see cref="PartnerAccess.ViewedCommunityAsync"/>), by name.</summary>
    public async Task<IQueryable<Partner>> ServingAsync(Actor actor, Guid? communityId, PartnerKind? kind, CancellationToken ct)
    {
        var community = await PartnerAccess.ViewedCommunityAsync(db, actor, communityId, ct);
        var serving = db.CoBuildingAgreements.InForce(clock.GetUtcNow()).Where(a => a.CommunityId == community).Select(a => a.PartnerId);
        var query = db.Partners.AsNoTracking().Include(p => p.Badges).Where(p => serving.Contains(p.Id));
        if (kind is { } k) query = query.Where(p => p.Kind == k);
        return query.OrderBy(p => p.Name);
    }

    /// <summary>A partner of the viewer's street (404 otherwise) and the communities it serves now, by name.</summary>
    public async Task<(Partner Partner, IReadOnlyList<ServedCommunityRow> Served)> VisibleAsync(Actor actor, Guid partnerId, CancellationToken ct)
    {
        var partner = await PartnerAccess.LoadVisibleAsync(db, actor, partnerId, ct);
        // Ordered by a column, then shaped: EF Core cannot order by a member of an object built inside the query.
        var served = await db.CoBuildingAgreements.InForce(clock.GetUtcNow()).Where(a => a.PartnerId == partnerId)
            .Join(db.Communities, a => a.CommunityId, c => c.Id, (a, c) => new { c.Id, c.Name, a.EndsOn })
            .OrderBy(x => x.Name).ThenBy(x => x.Id)
            .Select(x => new ServedCommunityRow(x.Id, x.Name, x.EndsOn))
            .ToListAsync(ct);
        return (partner, served);
    }

    public Task<string> CommunityNameAsync(Guid communityId, CancellationToken ct) =>
        db.Communities.Where(c => c.Id == communityId).Select(c => c.Name).SingleAsync(ct);
}
