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

/// <summary>The claimant gives up a claim before checking in; the slot returns.</summary>
public sealed class CancelClaim(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Claim> ExecuteAsync(Actor actor, Guid claimId, CancellationToken ct)
    {
        var (claim, task, _) = await ClaimAccess.LoadVisibleAsync(db, actor, claimId, ct);
        if (!ClaimAccess.IsClaimant(actor, claim))
            throw ClaimAccess.NotClaimant();
        claim.Cancel(clock.GetUtcNow());
        return await db.InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            await TaskSlots.ReleaseAsync(db, task.Id, ct);
            return claim;
        }, ct);
    }
}
