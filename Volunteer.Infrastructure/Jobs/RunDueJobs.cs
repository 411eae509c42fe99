using Volunteer.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Jobs;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Jobs;

/// <summary>
/// The monthly jobs' catch-up, run by the schedule, its hourly retry and at start-up: every period
/// that is due and not completed, oldest first, each period's jobs in dependency order. Which
/// periods are due follows from the clock and the run history alone, so running it again, or on
/// another instance, only finds less to do.
/// </summary>
public sealed class RunDueJobs(VolunteerDbContext db, TimeProvider clock, JobRunner runner, IOptions<JobOptions> options,
    ILogger<RunDueJobs> logger) : IUseCase
{
    public Task<IReadOnlyList<RunOutcome>> ExecuteAsync(JobTrigger trigger, CancellationToken ct) => ExecuteAsync(trigger, null, ct);

    /// <summary>The catch-up of <paramref name="jobs"/> only (every job when null).</summary>
    public async Task<IReadOnlyList<RunOutcome>> ExecuteAsync(JobTrigger trigger, IReadOnlyCollection<JobName>? jobs, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var window = await WindowAsync(now, ct);
        if (window.Count == 0)
            return [];

        var keys = window.Select(p => p.Key).ToList();
        var done = (await db.JobRuns.AsNoTracking()
                .Where(r => keys.Contains(r.Period) && r.Status == JobRunStatus.Completed)
                .Select(r => new { r.Job, r.Period })
                .ToListAsync(ct))
            .Select(r => (r.Job, r.Period))
            .ToHashSet();

        var outcomes = new List<RunOutcome>();
        // A job that failed, or is running elsewhere, waits for the next firing: its later periods
        // are not worked before the earlier one, so history stays in order.
        var held = new HashSet<JobName>();
        foreach (var period in window)
        {
            foreach (var job in JobNames.InOrder)
            {
                if (jobs is not null && !jobs.Contains(job))
                    continue;
                if (held.Contains(job) || done.Contains((job, period.Key)))
                    continue;
                if (job.DependsOn() is { } dependency && !done.Contains((dependency, period.Key)))
                {
                    held.Add(job);
                    continue;
                }

                var outcome = await runner.RunAsync(job, period, trigger, null, ct);
                outcomes.Add(outcome);
                if (outcome.Kind is RunOutcomeKind.Ran or RunOutcomeKind.AlreadyCompleted)
                    done.Add((job, period.Key));
                else
                    held.Add(job);
            }
        }

        if (outcomes.Count > 0)
            logger.LogInformation("Monthly jobs ({Trigger}): {Outcomes}", trigger,
                string.Join(", ", outcomes.Select(o => $"{o.Job.Slug()} {o.Period} {o.Kind}")));
        return outcomes;
    }

    /// <summary>
    /// The periods looked at: from the first month with any points activity (or <c>Jobs:FirstPeriod</c>
    /// when later) to the last month that has ended, at most <c>Jobs:CatchUpMonths</c> of them.
    /// </summary>
    private async Task<IReadOnlyList<Period>> WindowAsync(DateTimeOffset now, CancellationToken ct)
    {
        var first = await db.MonthlyTotals.MinAsync(t => (int?)t.Period, ct);
        return MonthlySchedule.Window(now, first is { } key ? Period.FromKey(key) : null, options.Value.FirstPeriodValue,
            options.Value.CatchUpMonths);
    }
}
