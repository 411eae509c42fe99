using Microsoft.EntityFrameworkCore;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Tasks;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>
/// The slot counter as the database keeps it: one conditional update per change, so that many
/// simultaneous claims never take more slots than there are (<c>Http/ConcurrencyTests</c> races them; the
/// check constraint <c>CK_Tasks_SlotsTaken</c> backs it). A slot is taken with the claim's own write
/// (<see cref="ClaimSql.TakeSlotAndInsertAsync"/>, on the condition <see cref="ServiceTask.SlotFree"/>);
/// it is given back here.
/// </summary>
internal static class TaskSlots
{
    public static Task<int> ReleaseAsync(VolunteerDbContext db, Guid taskId, CancellationToken ct) =>
        db.Tasks
            .Where(t => t.Id == taskId && t.Taken > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Taken, t => t.Taken - 1), ct);
}
