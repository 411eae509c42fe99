using Microsoft.EntityFrameworkCore;
using Volunteer.Infrastructure.Persistence;
using TaskStatus = Volunteer.Domain.Tasks.TaskStatus;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>
/// The slot counter as the database keeps it: one conditional update per change, so that many
/// simultaneous claims never take more slots than there are (see STACK.md for the measurements).
/// </summary>
internal static class TaskSlots
{
    public static async Task<bool> TryTakeAsync(VolunteerDbContext db, Guid taskId, DateTimeOffset now, CancellationToken ct) =>
        await db.Tasks
            .Where(t => t.Id == taskId && t.Status == TaskStatus.Published && t.Taken < t.Slots && t.EndsAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Taken, t => t.Taken + 1), ct) == 1;

    public static Task<int> ReleaseAsync(VolunteerDbContext db, Guid taskId, CancellationToken ct) =>
        db.Tasks
            .Where(t => t.Id == taskId && t.Taken > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Taken, t => t.Taken - 1), ct);
}
