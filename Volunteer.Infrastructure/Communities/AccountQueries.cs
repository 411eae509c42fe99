using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Communities;

/// <summary>Reads of staff accounts for admins. Registered like the use cases.</summary>
public sealed class AccountQueries(VolunteerDbContext db) : IUseCase
{
    /// <summary>The accounts an admin manages (their street's; every street's for platform admins), by username.</summary>
    public IQueryable<Account> Listed(Actor actor, ActorRole? role, Guid? communityId, Guid? partnerId)
    {
        actor.EnsureAdmin();
        var query = db.Accounts.AsNoTracking();
        if (!actor.IsPlatformAdmin) query = query.Where(a => a.StreetId == actor.StreetId);
        if (role is { } r) query = query.Where(a => a.Role == r);
        if (communityId is { } c) query = query.Where(a => a.CommunityId == c);
        if (partnerId is { } p) query = query.Where(a => a.PartnerId == p);
        return query.OrderBy(a => a.Username);
    }

    /// <summary>An enabled account's security stamp; null when it is disabled or gone.</summary>
    public Task<Guid?> SecurityStampAsync(Guid accountId, CancellationToken ct) =>
        db.Accounts.AsNoTracking().Where(a => a.Id == accountId && !a.IsDisabled).Select(a => (Guid?)a.SecurityStamp).SingleOrDefaultAsync(ct);
}
