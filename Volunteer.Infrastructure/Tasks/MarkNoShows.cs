using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>
/// Accepted claims whose task ended without a check-in become no-shows
/// (<see cref="Claim.MarkNoShowIfMissed"/>): no points, the slot is released, and the member's
/// no-show count goes up by one in the same transaction. The claim's version check lets one
/// transaction make the change, so a claim is counted once.
/// </summary>
public sealed class MarkNoShows(VolunteerDbContext db) : IExpirySweep
{
    private const int Batch = 500;

    public string Name => "noShows";

    public async Task<int> SweepAsync(DateTimeOffset now, CancellationToken ct)
    {
        var ids = await (
                from claim in db.Claims
                join task in db.Tasks on claim.TaskId equals task.Id
                where claim.Status == ClaimStatus.Accepted && task.EndsAt <= now
                orderby task.EndsAt, claim.Id
                select claim.Id)
            .Take(Batch)
            .ToListAsync(ct);

        var marked = 0;
        foreach (var id in ids)
        {
            try
            {
                var done = await db.InTransactionAsync(async () =>
                {
                    var claim = await db.Claims.SingleAsync(c => c.Id == id, ct);
                    var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == claim.TaskId, ct);
                    if (!claim.MarkNoShowIfMissed(task, now))
                        return false;
                    await db.SaveChangesAsync(ct);
                    await TaskSlots.ReleaseAsync(db, task.Id, ct);
                    if (claim.MemberId is { } memberId)
                        await db.Members.Where(m => m.Id == memberId)
                            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NoShowCount, m => m.NoShowCount + 1), ct);
                    return true;
                }, ct);
                if (done)
                    marked++;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Checked in at the last moment, or another instance marked it first.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        return marked;
    }
}
