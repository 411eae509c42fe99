using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Rewards;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Rewards;

/// <summary>
/// A reward's stock as the database keeps it: one conditional update per change, like task slots,
/// so simultaneous redemptions never take more than there is. Each change also moves the reward's
/// version, so a staff edit made from an older read cannot overwrite it.
/// </summary>
internal static class RewardStock
{
    /// <summary>Takes one if the reward still meets <see cref="Reward.StockTakeable"/> when its row is locked.</summary>
    public static async Task<bool> TryTakeAsync(VolunteerDbContext db, Guid rewardId, DateTimeOffset now, CancellationToken ct) =>
        await db.Rewards
            .Where(r => r.Id == rewardId)
            .Where(Reward.StockTakeable.At(now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Stock, r => r.Stock - 1)
                .SetProperty(r => r.Version, r => r.Version + 1), ct) == 1;

    /// <summary>A cancelled or expired redemption gives its item back, whatever the reward's status.</summary>
    public static Task<int> ReturnAsync(VolunteerDbContext db, Guid rewardId, CancellationToken ct) =>
        db.Rewards
            .Where(r => r.Id == rewardId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Stock, r => r.Stock + 1)
                .SetProperty(r => r.Version, r => r.Version + 1), ct);
}
