using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Points;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Points;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Notifications;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>
/// 联合评单: staff verify a served claim. Approval records the task's points and the service time
/// in the ledger, once: the claim's version check stops a concurrent second verification, and
/// the ledger's unique (kind, source) index stops any second entry for the claim.
/// </summary>
public sealed class VerifyClaim(VolunteerDbContext db, TimeProvider clock, PointsLedger ledger) : IUseCase
{
    public async Task<Claim> ExecuteAsync(Actor actor, Guid claimId, bool approved, decimal? hours, string? reason, CancellationToken ct)
    {
        var (claim, task, manages) = await ClaimAccess.LoadVisibleAsync(db, actor, claimId, ct);
        if (!manages)
            throw ClaimAccess.NotManager();
        var now = clock.GetUtcNow();
        int? minutes = hours is { } h ? (int)Math.Round(h * 60m, MidpointRounding.AwayFromZero) : null;

        try
        {
            return await db.InTransactionAsync(async () =>
            {
                if (!approved)
                {
                    var heldSlot = claim.HoldsSlot;
                    claim.Reject(actor.Id, reason ?? "", now);
                    db.Notify(Notification.ClaimRejected(claim, task, now));
                    await db.SaveChangesAsync(ct);
                    if (heldSlot)
                        await TaskSlots.ReleaseAsync(db, task.Id, ct);
                    return claim;
                }

                claim.Verify(task, actor.Id, minutes, now);
                db.Notify(Notification.ClaimVerified(claim, task, now));
                await db.SaveChangesAsync(ct);
                await PostEarningAsync(db, ledger, claim, task, now, ct);
                return claim;
            }, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw TaskErrors.ClaimChangedMeanwhile();
        }
    }

    /// <summary>Records a verified claim's points and hours for its member (a partner's claim earns nothing).</summary>
    internal static async Task PostEarningAsync(VolunteerDbContext db, PointsLedger ledger, Claim claim, ServiceTask task, DateTimeOffset now,
        CancellationToken ct)
    {
        if (claim.MemberId is not { } memberId)
            return;
        var home = await db.Members.AsNoTracking().Where(m => m.Id == memberId)
            .Select(m => new { m.CommunityId, m.GridId }).SingleAsync(ct);
        var gridId = task.GridId ?? (home.CommunityId == task.CommunityId ? home.GridId : null);
        await ledger.PostAsync(LedgerEntry.ForVerifiedService(claim, task, gridId, now), ct);
    }
}
