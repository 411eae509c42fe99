using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Communities;

/// <summary>
/// Reads for the street office (街道管理): the accounts and communities an admin manages, shared by
/// the API and the console. Registered like the use cases.
/// </summary>
public sealed class AccountQueries(VolunteerDbContext db) : IUseCase
{
    /// <summary>Staff, partner and admin accounts of the admin's street (every account for a platform admin), by username.</summary>
    public IQueryable<Account> Managed(Actor actor, ActorRole? role, Guid? communityId, Guid? partnerId)
    {
        actor.EnsureAdmin();
        var query = db.Accounts.AsNoTracking();
        if (!actor.IsPlatformAdmin) query = query.Where(a => a.StreetId == actor.StreetId);
        if (role is { } r) query = query.Where(a => a.Role == r);
        if (communityId is { } c) query = query.Where(a => a.CommunityId == c);
        if (partnerId is { } p) query = query.Where(a => a.PartnerId == p);
        return query.OrderBy(a => a.Username);
    }

    public async Task<IReadOnlyList<Account>> ManagedAsync(Actor actor, int take, CancellationToken ct) =>
        await Managed(actor, null, null, null).Take(take).ToListAsync(ct);

    /// <summary>The communities the actor manages (staff: their own; admins: their street's), by name.</summary>
    public async Task<IReadOnlyList<Community>> CommunitiesAsync(Actor actor, CancellationToken ct)
    {
        var ids = db.ManagedCommunityIds(actor);
        var query = db.Communities.AsNoTracking();
        if (ids is not null) query = query.Where(c => ids.Contains(c.Id));
        return await query.OrderBy(c => c.Name).ThenBy(c => c.Id).ToListAsync(ct);
    }

    /// <summary>An enabled account's security stamp; null when it is disabled or gone.</summary>
    public Task<Guid?> SecurityStampAsync(Guid accountId, CancellationToken ct) =>
        db.Accounts.AsNoTracking().Where(a => a.Id == accountId && !a.IsDisabled).Select(a => (Guid?)a.SecurityStamp).SingleOrDefaultAsync(ct);
}
