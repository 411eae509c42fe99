using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Jobs;

/// <summary>The monthly jobs' history for admins. Registered like the use cases.</summary>
public sealed class JobRunQueries(VolunteerDbContext db) : IUseCase
{
    public async Task<IReadOnlyList<JobRun>> RecentAsync(Actor actor, int take, CancellationToken ct)
    {
        actor.EnsureAdmin();
        return await db.JobRuns.AsNoTracking().OrderByDescending(r => r.StartedAt).ThenBy(r => r.Id).Take(take).ToListAsync(ct);
    }

    /// <summary>Runs whose last attempt failed and that no later attempt completed.</summary>
    public Task<int> FailedCountAsync(Actor actor, CancellationToken ct)
    {
        actor.EnsureAdmin();
        return db.JobRuns.CountAsync(r => r.Status == JobRunStatus.Failed, ct);
    }

    /// <summary>The run history for admins, filtered; newest month first.</summary>
    public IQueryable<JobRun> Listed(Actor actor, JobName? job, JobRunStatus? status, Period? period)
    {
        actor.EnsureAdmin();
        var query = db.JobRuns.AsNoTracking();
        if (job is { } j)
            query = query.Where(r => r.Job == j);
        if (status is { } s)
            query = query.Where(r => r.Status == s);
        if (period is { } p)
            query = query.Where(r => r.Period == p.Key);
        return query.OrderByDescending(r => r.Period).ThenBy(r => r.Job).ThenByDescending(r => r.StartedAt);
    }
}
