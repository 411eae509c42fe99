using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Partners;

/// <summary>A community a partner serves under an agreement in force.</summary>
public sealed record ServedCommunityRow(Guid CommunityId, string Name, DateOnly EndsOn);

/// <summary>A partner staff account as the street admin sees it on the partner's page.</summary>
public sealed record PartnerStaffRow(Guid Id, string Username, string DisplayName, bool IsDisabled);

/// <summary>A partner as its street admin sees it: agreements (with the community's name, by name) and staff accounts.</summary>
public sealed record PartnerDetails(Partner Partner, IReadOnlyList<(CoBuildingAgreement Agreement, string CommunityName)> Agreements,
    IReadOnlyList<PartnerStaffRow> Staff);

/// <summary>Reads of partner organisations for admins and residents. Registered like the use cases.</summary>
public sealed class PartnerQueries(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    /// <summary>The partners an admin manages (their street's; every street's for platform admins), by name.</summary>
    public IQueryable<Partner> ForAdmin(Actor actor)
    {
        actor.EnsureAdmin();
        var query = db.Partners.AsNoTracking().Include(p => p.Badges).AsQueryable();
        if (!actor.IsPlatformAdmin) query = query.Where(p => p.StreetId == actor.StreetId);
        return query.OrderBy(p => p.Name);
    }

    /// <summary>A partner the admin manages (404 otherwise).</summary>
    public Task<Partner> ManagedAsync(Actor actor, Guid partnerId, CancellationToken ct) => PartnerAccess.LoadManagedAsync(db, actor, partnerId, ct);

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

    public async Task<PartnerDetails> DetailsAsync(Partner partner, CancellationToken ct)
    {
        var agreements = await db.CoBuildingAgreements.AsNoTracking().Where(a => a.PartnerId == partner.Id)
            .Join(db.Communities, a => a.CommunityId, c => c.Id, (a, c) => new { Agreement = a, c.Name })
            .OrderBy(x => x.Name).ToListAsync(ct);
        var staff = await db.Accounts.AsNoTracking().Where(a => a.PartnerId == partner.Id && a.Role == ActorRole.PartnerStaff)
            .OrderBy(a => a.Username).Select(a => new PartnerStaffRow(a.Id, a.Username, a.DisplayName, a.IsDisabled)).ToListAsync(ct);
        return new PartnerDetails(partner, agreements.Select(x => (x.Agreement, x.Name)).ToList(), staff);
    }

    public Task<string> CommunityNameAsync(Guid communityId, CancellationToken ct) =>
        db.Communities.Where(c => c.Id == communityId).Select(c => c.Name).SingleAsync(ct);
}
