using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Rewards;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Partners;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Rewards;

/// <summary>
/// Partner staff set how many can still be redeemed. The new figure is an absolute one typed
/// from what staff last saw, so a redemption in between makes it a 409 rather than a silent overwrite.
/// </summary>
public sealed class ChangeRewardStock(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Reward> ExecuteAsync(Actor actor, Guid rewardId, int stock, CancellationToken ct)
    {
        var reward = await RewardAccess.LoadOwnAsync(db, actor, rewardId, ct);
        reward.ChangeStock(stock, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
            return reward;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw DomainException.Conflict("reward.stockChanged", "库存刚刚因兑换发生了变化，请刷新后重新设置。");
        }
    }
}
