using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Points;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>
/// 补录确认: a resident without a smartphone (staff posted the need for them, 代下单) cannot show a
/// check-in code. Staff of the community confirm afterwards — having called or visited the resident —
/// that the service took place, with a reason and the hours. The claim is verified at once and
/// earns like any other, once; it stays marked <see cref="CheckInMethod.StaffConfirmed"/> with the
/// reason so reviews and anomaly rules can find such confirmations. A claim the expiry job already
/// marked as a no-show can be confirmed too: it takes its slot back and the no-show is taken off.
/// </summary>
public sealed class ConfirmServiceByStaff(VolunteerDbContext db, TimeProvider clock, PointsLedger ledger) : IUseCase
{
    public async Task<Claim> ExecuteAsync(Actor actor, Guid claimId, decimal hours, string? reason, CancellationToken ct)
    {
        var (claim, task, manages) = await ClaimAccess.LoadVisibleAsync(db, actor, claimId, ct);
        if (!manages)
            throw ClaimAccess.NotManager();
        var postedOnBehalf = task.NeedId is { } needId
            && await db.Needs.AnyAsync(n => n.Id == needId && n.PostedByAccountId != null, ct);
        if (!postedOnBehalf)
            throw DomainException.Conflict("claim.notOnBehalf",
                "只有工作人员代下单（服务对象没有智能手机）的服务可以补录确认；其他服务请志愿者签到后核验。");

        var now = clock.GetUtcNow();
        var wasNoShow = claim.Status == ClaimStatus.NoShow;
        claim.ConfirmServiceByStaff(task, actor.Id, (int)Math.Round(hours * 60m, MidpointRounding.AwayFromZero), reason ?? "", now);
        try
        {
            return await db.InTransactionAsync(async () =>
            {
                await db.SaveChangesAsync(ct);
                if (wasNoShow)
                {
                    var retaken = await db.Tasks.Where(t => t.Id == task.Id && t.Taken < t.Slots)
                        .ExecuteUpdateAsync(s => s.SetProperty(t => t.Taken, t => t.Taken + 1), ct);
                    if (retaken != 1)
                        throw TaskErrors.Full();
                    await db.Members.Where(m => m.Id == claim.MemberId && m.NoShowCount > 0)
                        .ExecuteUpdateAsync(s => s.SetProperty(m => m.NoShowCount, m => m.NoShowCount - 1), ct);
                }
                await VerifyClaim.PostEarningAsync(db, ledger, claim, task, now, ct);
                return claim;
            }, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw TaskErrors.ClaimChangedMeanwhile();
        }
    }
}
