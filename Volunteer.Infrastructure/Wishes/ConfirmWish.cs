using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Rankings;
using Volunteer.Infrastructure.Tasks;

namespace Volunteer.Infrastructure.Wishes;

/// <summary>The wisher, or staff of the community for them, confirm the wish came true; it then shows as fulfilled.</summary>
public sealed class ConfirmWish(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Claim> ExecuteAsync(Actor actor, Guid wishId, CancellationToken ct)
    {
        var (task, manages) = await WishAccess.LoadVisibleAsync(db, actor, wishId, tracked: false, ct);
        var isWisher = actor.IsResident && task.RequesterId == actor.Id;
        if (!isWisher && !manages)
            throw DomainException.Forbidden("wish.notWisher", "只有心愿人本人或本社区工作人员可以确认心愿已实现。");
        var claim = await WishAccess.HoldingClaimAsync(db, wishId, ct)
            ?? throw TaskErrors.NotReceivable();
        claim.ConfirmReceipt(actor.Id, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return claim;
    }
}
