using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>Tasks whose end has passed are closed (<see cref="ServiceTask.CloseIfEnded"/>).</summary>
public sealed class CloseEndedTasks(VolunteerDbContext db) : IExpirySweep
{
    private const int Batch = 200;
    private const int MaxBatches = 50;

    public string Name => "tasks";

    public async Task<int> SweepAsync(DateTimeOffset now, CancellationToken ct)
    {
        var closed = 0;
        for (var batch = 0; batch < MaxBatches; batch++)
        {
            var tasks = await db.Tasks
                .Where(t => t.Status == ServiceTaskStatus.Published && t.EndsAt <= now)
                .OrderBy(t => t.EndsAt).ThenBy(t => t.Id)
                .Take(Batch)
                .ToListAsync(ct);
            var count = tasks.Count(t => t.CloseIfEnded(now));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Someone changed one of these tasks meanwhile (or another instance closed it);
                // the next sweep sees the current state.
                db.ChangeTracker.Clear();
                break;
            }
            db.ChangeTracker.Clear();
            closed += count;
            if (tasks.Count < Batch)
                break;
        }
        return closed;
    }
}
