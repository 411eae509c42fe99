using System.Linq.Expressions;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Volunteer.Infrastructure.Jobs;

/// <summary>
/// When a recurring job runs: a cron expression (5 fields, or 6 with seconds first) read in China
/// Standard Time, or a fixed interval.
/// </summary>
public sealed record JobSchedule
{
    private JobSchedule(string cron) => Cron = cron;

    public string Cron { get; }

    /// <summary>A cron expression in China Standard Time, e.g. <c>0 0 1 1 * ?</c> (01:00 on the 1st).</summary>
    public static JobSchedule AtCron(string cron) =>
        string.IsNullOrWhiteSpace(cron) ? throw new ArgumentException("A cron expression is required.", nameof(cron)) : new(cron.Trim());

    /// <summary>Every <paramref name="interval"/>, which must divide a minute, an hour or a day evenly.</summary>
    public static JobSchedule Every(TimeSpan interval) =>
        TryEvery(interval, out var schedule) ? schedule
            : throw new ArgumentException($"{interval} does not divide a minute, an hour or a day evenly.", nameof(interval));

    public static bool TryEvery(TimeSpan interval, out JobSchedule schedule)
    {
        schedule = null!;
        if (interval <= TimeSpan.Zero || interval.Ticks % TimeSpan.TicksPerSecond != 0)
            return false;
        var seconds = (long)interval.TotalSeconds;
        string? cron = seconds switch
        {
            < 60 when 60 % seconds == 0 => $"*/{seconds} * * * * *",
            < 3600 when seconds % 60 == 0 && 60 % (seconds / 60) == 0 => $"0 */{seconds / 60} * * * *",
            < 86400 when seconds % 3600 == 0 && 24 % (seconds / 3600) == 0 => $"0 0 */{seconds / 3600} * * *",
            86400 => "0 0 0 * * *",
            _ => null,
        };
        if (cron is null)
            return false;
        schedule = new JobSchedule(cron);
        return true;
    }

    public override string ToString() => Cron;
}

/// <summary>What happens when a run of a recurring job throws.</summary>
public enum JobRetries
{
    /// <summary>Retried automatically: 3 more attempts after 15 s, 1 min and 3 min, then dropped (the next firing does the work).</summary>
    Automatic,

    /// <summary>Not retried: the run is marked failed on the dashboard with its error, and the next firing tries again.</summary>
    NextFiring,
}

/// <summary>A recurring job as a feature declared it with <see cref="BackgroundJobRegistration.AddRecurringJob{TUseCase}"/>.</summary>
public sealed record RecurringJobDefinition(string Id, JobSchedule Schedule, JobRetries Retries, Func<IServiceProvider, CancellationToken, Task> Run);

/// <summary>
/// Fire-and-forget background work on the job server (the same Hangfire server that runs the
/// recurring jobs). Any process can enqueue, including a web-only node (<c>Jobs:Scheduler=false</c>);
/// a process with the server on runs it.
/// </summary>
public interface IBackgroundJobs
{
    /// <summary>
    /// Stores the call and runs it once on a job server as soon as a worker is free; a run that
    /// throws is retried (Hangfire's default: up to 10 attempts with growing delays; an
    /// <c>[AutomaticRetry]</c> attribute on the method changes that). Pass plain values (ids, not
    /// entities) and <c>CancellationToken.None</c>, which the server replaces with its shutdown token.
    /// Enqueue after the transaction that makes the work necessary has committed. Returns the job id.
    /// </summary>
    string Enqueue<TJob>(Expression<Func<TJob, Task>> work) where TJob : notnull;

    /// <summary>Runs a registered recurring job now, outside its schedule.</summary>
    void Trigger(string recurringJobId);
}

internal sealed class HangfireBackgroundJobs(IBackgroundJobClient client, IRecurringJobManager recurring) : IBackgroundJobs
{
    public string Enqueue<TJob>(Expression<Func<TJob, Task>> work) where TJob : notnull => client.Enqueue(work);

    public void Trigger(string recurringJobId) => recurring.Trigger(recurringJobId);
}

public static class BackgroundJobRegistration
{
    /// <summary>
    /// Declares a recurring job: <paramref name="id"/> (its name on the dashboard, stable across
    /// versions), when it runs, and the work: a method of a use case resolved in a scope of its own
    /// for each run. The work must be idempotent and safe on two processes at once: a job server may
    /// run a firing twice (a process that dies mid-run, a manual trigger).
    /// <code>
    /// services.AddRecurringJob&lt;RetryDeliveries&gt;("notification-deliveries", JobSchedule.Every(TimeSpan.FromMinutes(1)),
    ///     (useCase, ct) =&gt; useCase.ExecuteAsync(ct));
    /// </code>
    /// </summary>
    public static IServiceCollection AddRecurringJob<TUseCase>(this IServiceCollection services, string id, JobSchedule schedule,
        Func<TUseCase, CancellationToken, Task> work, JobRetries retries = JobRetries.Automatic) where TUseCase : notnull
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(work);
        services.AddSingleton(new RecurringJobDefinition(id, schedule, retries,
            (scope, ct) => work(scope.GetRequiredService<TUseCase>(), ct)));
        return services;
    }
}
