using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Rankings;
using Volunteer.Infrastructure.Tasks;

namespace Volunteer.Infrastructure.Wishes;

/// <summary>The adopter reports the wish fulfilled (gift handed over, help given).</summary>
public sealed class FulfilWish(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Claim> ExecuteAsync(Actor actor, Guid wishId, CancellationToken ct)
    {
        var (task, _) = await WishAccess.LoadVisibleAsync(db, actor, wishId, tracked: false, ct);
        var claim = await WishAccess.HoldingClaimAsync(db, wishId, ct);
        if (claim is null || !ClaimAccess.IsClaimant(actor, claim))
            throw DomainException.Forbidden("wish.notAdopter", "只有认领该心愿的人（或单位）可以标记完成。");
        claim.FulfilWish(task, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return claim;
    }
}
