using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Tasks;

namespace Volunteer.Infrastructure.Members;

/// <summary>Staff found a held rating comment acceptable: the volunteer sees it from now on.</summary>
public sealed class ReleaseHeldRating(VolunteerDbContext db) : IUseCase
{
    public async Task<Claim> ExecuteAsync(Actor actor, Guid claimId, CancellationToken ct)
    {
        var (claim, _, manages) = await ClaimAccess.LoadVisibleAsync(db, actor, claimId, ct);
        if (!manages)
            throw ClaimAccess.NotManager();
        claim.ReleaseRating();
        await db.SaveChangesAsync(ct);
        return claim;
    }
}
