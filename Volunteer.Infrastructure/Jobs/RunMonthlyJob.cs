using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Jobs;

/// <summary>
/// An admin runs a monthly job for one period (重新执行). Idempotent like every run: a completed
/// period is returned unchanged, a failed or missing one is computed now.
/// </summary>
public sealed class RunMonthlyJob(VolunteerDbContext db, TimeProvider clock, JobRunner runner) : IUseCase
{
    public async Task<RunOutcome> ExecuteAsync(Actor actor, JobName job, Period period, CancellationToken ct)
    {
        // The monthly jobs rank and honour every street at once: running them is a platform admin's call.
        actor.EnsurePlatformAdmin();
        if (!MonthlySchedule.IsDue(period, clock.GetUtcNow()))
            throw DomainException.Invalid("period",
                $"{period} 的结果尚不能生成：每月的排行、表彰与双评议在次月 1 日 01:00（北京时间）之后生成。");
        if (job.DependsOn() is { } dependency)
        {
            var key = period.Key;
            if (!await db.JobRuns.AnyAsync(r => r.Job == dependency && r.Period == key && r.Status == JobRunStatus.Completed, ct))
                throw DomainException.Conflict("job.dependencyMissing",
                    $"请先生成 {period} 的{dependency.Title()}（{dependency.Slug()}），再执行{job.Title()}。");
        }

        var outcome = await runner.RunAsync(job, period, JobTrigger.Admin, actor.Id, ct);
        return outcome.Kind switch
        {
            RunOutcomeKind.InProgress => throw DomainException.Conflict("job.running",
                $"{period} 的{job.Title()}正在执行中，请稍后刷新运行记录。"),
            RunOutcomeKind.Failed when outcome.Error is DomainException domain => throw domain,
            RunOutcomeKind.Failed => throw new JobFailedException(job, period, outcome.Error!),
            _ => outcome,
        };
    }
}

/// <summary>A run failed for a reason that is not a broken rule; the run history has the error.</summary>
public sealed class JobFailedException(JobName job, Period period, Exception inner)
    : Exception($"{job.Slug()} {period} failed: {inner.Message}", inner)
{
    public JobName Job { get; } = job;
    public Period Period { get; } = period;
}
