using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Partners;

/// <summary>A partner as the street office manages it: its co-building agreements (with the community's name), badge history and staff accounts.</summary>
public sealed record PartnerDetail(Partner Partner, IReadOnlyList<(CoBuildingAgreement Agreement, string CommunityName)> Agreements,
    IReadOnlyList<Account> Staff);

/// <summary>Reads of the partner organisations an admin manages, shared by the API and the console. Registered like the use cases.</summary>
public sealed class PartnerQueries(VolunteerDbContext db) : IUseCase
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
}
