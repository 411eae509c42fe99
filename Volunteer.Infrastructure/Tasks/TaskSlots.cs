using Microsoft.EntityFrameworkCore;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Tasks;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>
/// The slot counter as the database keeps it: one conditional update per change, so that many
/// simultaneous claims never take more slots than there are (<c>Http/ConcurrencyTests</c> races them; the
/// check constraint <c>CK_Tasks_SlotsTaken</c> backs it). The condition is <see cref="ServiceTask.SlotFree"/>,
/// the same one the entity checks before claiming.
/// </summary>
internal static class TaskSlots
{
    public static async Task<bool> TryTakeAsync(VolunteerDbContext db, Guid taskId, DateTimeOffset now, CancellationToken ct) =>
        await db.Tasks
            .Where(t => t.Id == taskId)
            .Where(ServiceTask.SlotFree.At(now))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Taken, t => t.Taken + 1), ct) == 1;

    public static Task<int> ReleaseAsync(VolunteerDbContext db, Guid taskId, CancellationToken ct) =>
        db.Tasks
            .Where(t => t.Id == taskId && t.Taken > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Taken, t => t.Taken - 1), ct);
}
