using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Partners;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.WeChat;

namespace Volunteer.Infrastructure.Tasks;

public sealed class CheckOut(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Claim> ExecuteAsync(Actor actor, Guid claimId, CancellationToken ct)
    {
        var (claim, task, _) = await ClaimAccess.LoadVisibleAsync(db, actor, claimId, ct);
        if (!ClaimAccess.IsClaimant(actor, claim))
            throw ClaimAccess.NotClaimant();
        claim.CheckOut(task, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return claim;
    }
}
