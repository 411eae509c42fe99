using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Common;
using Volunteer.Domain.Points;
using Volunteer.Domain.Rewards;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Partners;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Points;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.Observability;

namespace Volunteer.Infrastructure.Rewards;

/// <summary>
/// Unfulfilled redemptions expire after <see cref="RedemptionOptions.ExpiryDays"/>: points and stock
/// come back. Safe to run twice or concurrently (scheduler, start-up, a request that meets an
/// expired code): each redemption expires once, whoever gets there first.
/// </summary>
public sealed class ExpireRedemptions(VolunteerDbContext db, TimeProvider clock, PointsLedger ledger, ILogger<ExpireRedemptions> logger)
    : IUseCase
{
    private const int BatchSize = 200;

    /// <returns>How many redemptions this run expired.</returns>
    public async Task<int> ExecuteAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var expired = 0;
        while (true)
        {
            var due = await db.Redemptions.AsNoTracking()
                .Where(r => r.Status == RedemptionStatus.Pending && r.ExpiresAt <= now)
                .OrderBy(r => r.ExpiresAt).Select(r => r.Id).Take(BatchSize).ToListAsync(ct);
            var progress = 0;
            foreach (var id in due)
            {
                try
                {
                    var redemption = await db.Redemptions.SingleAsync(r => r.Id == id, ct);
                    if (await TryExpireAsync(redemption, now, ct))
                        progress++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One bad row must not keep every later one from expiring; the next run retries it.
                    logger.LogError(e, "Could not expire redemption {RedemptionId}", id);
                }
                db.ChangeTracker.Clear();
            }
            expired += progress;
            if (due.Count < BatchSize || progress == 0)
                break;
        }
        if (expired > 0)
            logger.LogInformation("Expired {Count} unfulfilled redemptions and refunded their points", expired);
        return expired;
    }

    /// <summary>Expires one tracked redemption if it is due; false when it is not, or another transition won.</summary>
    internal async Task<bool> TryExpireAsync(Redemption redemption, DateTimeOffset now, CancellationToken ct)
    {
        if (!redemption.ExpireIfDue(now))
            return false;
        try
        {
            await RedemptionRefund.CommitAsync(db, ledger, redemption, null, $"兑换码过期退回：{redemption.RewardTitle}", now, ct);
            VolunteerMetrics.Redemption("expired");
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }
}
