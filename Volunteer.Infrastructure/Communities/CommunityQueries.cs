using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Communities;

/// <summary>Reads of streets, communities and grids (public to every signed-in caller). Registered like the use cases.</summary>
public sealed class CommunityQueries(VolunteerDbContext db) : IUseCase
{
    public IQueryable<Street> Streets() => db.Streets.AsNoTracking().OrderBy(s => s.Name);

    public IQueryable<Community> Communities(Guid? streetId, CommunityKind? kind)
    {
        var query = db.Communities.AsNoTracking();
        if (streetId is { } s) query = query.Where(c => c.StreetId == s);
        if (kind is { } k) query = query.Where(c => c.Kind == k);
        return query.OrderBy(c => c.Name);
    }

    /// <summary>A community; 404 <c>community.notFound</c> when there is none.</summary>
    public async Task<Community> CommunityAsync(Guid id, CancellationToken ct) =>
        await db.Communities.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct)
        ?? throw CommunityErrors.CommunityNotFound();

    /// <summary>The grids of a community, by name; 404 when the community does not exist.</summary>
    public async Task<IQueryable<Grid>> GridsAsync(Guid communityId, CancellationToken ct)
    {
        await CommunityAsync(communityId, ct);
        return db.Grids.AsNoTracking().Where(g => g.CommunityId == communityId).OrderBy(g => g.Name);
    }
}
