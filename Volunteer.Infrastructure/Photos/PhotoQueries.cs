using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Tasks;

namespace Volunteer.Infrastructure.Photos;

/// <summary>Reads of the photos feature.</summary>
public static class PhotoQueries
{
    /// <summary>The photos of each claim, in upload order (the caller has checked the claims are visible).</summary>
    public static async Task<ILookup<Guid, ClaimPhoto>> OfClaimsAsync(VolunteerDbContext db, IReadOnlyCollection<Guid> claimIds, CancellationToken ct)
    {
        if (claimIds.Count == 0)
            return Array.Empty<ClaimPhoto>().ToLookup(p => p.ClaimId);
        var photos = await db.Set<ClaimPhoto>().AsNoTracking().Where(p => claimIds.Contains(p.ClaimId))
            .OrderBy(p => p.ClaimId).ThenBy(p => p.Sequence).ToListAsync(ct);
        return photos.ToLookup(p => p.ClaimId);
    }
}
