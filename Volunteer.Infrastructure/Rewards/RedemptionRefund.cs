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

namespace Volunteer.Infrastructure.Rewards;

/// <summary>
/// Ends a pending redemption with its points and stock returned, once: the redemption's version
/// lets only one of cancel / fulfil / expire through, and the refund's ledger source is the
/// redemption, so a second refund would also break the ledger's unique (kind, source) index.
/// </summary>
internal static class RedemptionRefund
{
    /// <param name="redemption">Tracked, already moved to cancelled or expired.</param>
    public static Task CommitAsync(VolunteerDbContext db, PointsLedger ledger, Redemption redemption, Guid? actorId, string reason,
        DateTimeOffset now, CancellationToken ct) =>
        db.InTransactionAsync(async () =>
        {
            db.Notify(Notification.RedemptionRefunded(redemption, now));
            await db.SaveChangesAsync(ct);
            await ledger.PostAsync(LedgerEntry.Create(redemption.MemberId, LedgerEntryKind.Refund, redemption.PointsCost, 0, redemption.Id,
                reason, actorId, redemption.CommunityId, null, now), ct);
            await RewardStock.ReturnAsync(db, redemption.RewardId, ct);
            return 0;
        }, ct);
}
