using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Observability;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Jobs;

/// <summary>
/// The work of one monthly job for one period. It runs inside the transaction that also marks the
/// run completed, so it must write everything it produces through the given context and nothing
/// outside it. Returns a short summary for the run history.
/// </summary>
public interface IMonthlyJob
{
    JobName Name { get; }

    Task<string> ComputeAsync(Period period, DateTimeOffset now, CancellationToken ct);
}

/// <summary>
/// Told when a run has finished a step of its work. Does nothing in production; tests use it to
/// crash a run half-way and to see the order in which periods were worked.
/// </summary>
public interface IRunObserver
{
    ValueTask StepCompletedAsync(JobName job, Period period, string step, CancellationToken ct);
}

internal sealed class NoRunObserver : IRunObserver
{
    public ValueTask StepCompletedAsync(JobName job, Period period, string step, CancellationToken ct) => ValueTask.CompletedTask;
}

public enum RunOutcomeKind
{
    /// <summary>This call computed the period and committed it.</summary>
    Ran,
    /// <summary>The period was already completed; nothing changed.</summary>
    AlreadyCompleted,
    /// <summary>Another instance holds the run; nothing changed here.</summary>
    InProgress,
    /// <summary>This attempt failed and rolled back; the run is marked failed for the next attempt.</summary>
    Failed,
}

public sealed record RunOutcome(JobName Job, Period Period, RunOutcomeKind Kind, JobRun? Run, Exception? Error = null);

/// <summary>
/// Runs a monthly job for a period at most once, however many instances try at the same time:
/// <list type="number">
/// <item>Claim: insert the (job, period) row as running — the unique index lets one insert win — or
/// take over a failed run, or a running one whose lease ran out, with one conditional update.</item>
/// <item>Work: in one transaction, flip the run to completed (only while this attempt's claim token
/// still holds it), compute, and commit. The result and the completed mark commit together, so a
/// crash or error leaves no partial result, and the next attempt starts over.</item>
/// <item>On error: roll back and mark the run failed (with the error) for the next attempt.</item>
/// </list>
/// </summary>
public sealed class JobRunner(VolunteerDbContext db, TimeProvider clock, IEnumerable<IMonthlyJob> jobs, IOptions<JobOptions> options,
    ILogger<JobRunner> logger)
{
    private static readonly TimeSpan WorkTimeout = TimeSpan.FromMinutes(10);

    public async Task<RunOutcome> RunAsync(JobName name, Period period, JobTrigger trigger, Guid? accountId, CancellationToken ct)
    {
        var outcome = await RunOnceAsync(name, period, trigger, accountId, ct);
        VolunteerMetrics.PeriodRun(name.Slug(), JsonNamingPolicy.CamelCase.ConvertName(outcome.Kind.ToString()));
        return outcome;
    }

    private async Task<RunOutcome> RunOnceAsync(JobName name, Period period, JobTrigger trigger, Guid? accountId, CancellationToken ct)
    {
        var job = jobs.Single(j => j.Name == name);
        var (claimed, existing) = await ClaimAsync(name, period, trigger, accountId, ct);
        if (claimed is null)
            return new RunOutcome(name, period, existing!.Status == JobRunStatus.Completed ? RunOutcomeKind.AlreadyCompleted : RunOutcomeKind.InProgress, existing);

        var token = claimed.ClaimToken;
        // Set-based statements over a whole city's monthly totals may take longer than a request's
        // default command timeout (30 s on Npgsql).
        db.Database.SetCommandTimeout(WorkTimeout);
        try
        {
            var held = await db.InTransactionAsync(async () =>
            {
                var now = clock.GetUtcNow();
                var marked = await db.JobRuns
                    .Where(r => r.Id == claimed.Id && r.ClaimToken == token && r.Status == JobRunStatus.Running)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, JobRunStatus.Completed).SetProperty(r => r.FinishedAt, now), ct);
                if (marked == 0)
                    return false; // taken over meanwhile: the other attempt owns the period

                var summary = await job.ComputeAsync(period, now, ct);
                var finished = clock.GetUtcNow();
                await db.JobRuns.Where(r => r.Id == claimed.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.Summary, summary).SetProperty(r => r.FinishedAt, finished), ct);
                return true;
            }, ct);

            var after = await FindAsync(name, period, CancellationToken.None);
            if (!held)
                return new RunOutcome(name, period, after!.Status == JobRunStatus.Completed ? RunOutcomeKind.AlreadyCompleted : RunOutcomeKind.InProgress, after);
            logger.LogInformation("{Job} {Period} completed: {Summary}", name.Slug(), period, after!.Summary);
            return new RunOutcome(name, period, RunOutcomeKind.Ran, after);
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Job} {Period} failed; it will be attempted again", name.Slug(), period);
            var failed = await MarkFailedAsync(claimed.Id, token, e);
            return new RunOutcome(name, period, RunOutcomeKind.Failed, failed, e);
        }
    }

    public Task<JobRun?> FindAsync(JobName job, Period period, CancellationToken ct)
    {
        var key = period.Key;
        return db.JobRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Job == job && r.Period == key, ct);
    }

    private async Task<(JobRun? Claimed, JobRun? Existing)> ClaimAsync(JobName job, Period period, JobTrigger trigger, Guid? accountId,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var lease = options.Value.RunLease;
        var existing = await FindAsync(job, period, ct);
        if (existing is null)
        {
            var run = JobRun.Start(job, period, trigger, accountId, now, lease);
            db.JobRuns.Add(run);
            try
            {
                await db.SaveChangesAsync(ct);
                db.Entry(run).State = EntityState.Detached;
                return (run, null);
            }
            catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
            {
                db.ChangeTracker.Clear();
                existing = await FindAsync(job, period, ct)
                    ?? throw new InvalidOperationException($"The run of {job} {period} vanished.");
            }
        }

        if (!existing.CanBeTakenOver(now))
            return (null, existing);

        // The same rule as JobRun.CanBeTakenOver, applied atomically: of several instances taking
        // over the same run, the one whose update finds the old token wins.
        var oldToken = existing.ClaimToken;
        var newToken = Guid.NewGuid();
        var until = now + lease;
        var taken = await db.JobRuns
            .Where(r => r.Id == existing.Id && r.ClaimToken == oldToken
                && (r.Status == JobRunStatus.Failed || (r.Status == JobRunStatus.Running && r.LeaseUntil <= now)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, JobRunStatus.Running)
                .SetProperty(r => r.Attempts, r => r.Attempts + 1)
                .SetProperty(r => r.ClaimToken, newToken)
                .SetProperty(r => r.Trigger, trigger)
                .SetProperty(r => r.TriggeredByAccountId, accountId)
                .SetProperty(r => r.StartedAt, now)
                .SetProperty(r => r.LeaseUntil, until)
                .SetProperty(r => r.FinishedAt, (DateTimeOffset?)null)
                .SetProperty(r => r.Error, (string?)null), ct);
        var current = await FindAsync(job, period, ct);
        return taken == 1 ? (current, null) : (null, current);
    }

    private async Task<JobRun?> MarkFailedAsync(Guid runId, Guid token, Exception error)
    {
        try
        {
            var text = JobRun.TrimError(error is DomainException d ? $"{d.Code}: {d.Message}" : $"{error.GetType().Name}: {error.Message}");
            var now = clock.GetUtcNow();
            await db.JobRuns
                .Where(r => r.Id == runId && r.ClaimToken == token && r.Status == JobRunStatus.Running)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, JobRunStatus.Failed)
                    .SetProperty(r => r.FinishedAt, now)
                    .SetProperty(r => r.Error, text), CancellationToken.None);
            return await db.JobRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The database is likely gone too. The run stays "running" until its lease runs out,
            // then the next attempt takes it over.
            logger.LogError(e, "Could not record the failure of run {RunId}", runId);
            return null;
        }
    }
}
