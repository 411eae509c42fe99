using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Rewards;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Partners;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Rewards;

public enum RewardChange
{
    Pause,
    Resume,
    End,
}

/// <summary>
/// Partner staff pause, resume or end (下架) a reward. Redemptions keep changing the reward's
/// version (stock), so a lost race is simply retried on a fresh read.
/// </summary>
public sealed class ChangeRewardStatus(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Reward> ExecuteAsync(Actor actor, Guid rewardId, RewardChange change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var reward = await RewardAccess.LoadOwnAsync(db, actor, rewardId, ct);
            var now = clock.GetUtcNow();
            switch (change)
            {
                case RewardChange.Pause: reward.Pause(now); break;
                case RewardChange.Resume: reward.Resume(now); break;
                default: reward.End(now); break;
            }
            try
            {
                await db.SaveChangesAsync(ct);
                return reward;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
