using System.Diagnostics;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.Logging;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Volunteer.Infrastructure.Points;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Infrastructure.Observability;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Rankings;
using Volunteer.Infrastructure.Recognition;
using Volunteer.Infrastructure.Reports;

using Volunteer.Infrastructure.Escalations;

namespace Volunteer.Infrastructure.Jobs;

public static class Scheduling
{
    /// <summary>The PostgreSQL schema of Hangfire's tables, inside the application's database.</summary>
    public const string StorageSchema = "hangfire";

    /// <summary>The recurring job that retries a failed or missed month every hour.</summary>
    public const string CatchUpJobId = "monthly-catch-up";

    /// <summary>The recurring job that runs the expiry sweeps.</summary>
    public const string ExpiryJobId = "expiry";

    /// <summary>
    /// China Standard Time for cron schedules. The IANA id on Linux, the Windows id elsewhere; failing
    /// both (no time-zone data installed), a fixed UTC+8 zone, which is exact: China has no daylight saving.
    /// </summary>
    public static TimeZoneInfo ChinaTimeZone { get; } = FindChinaTimeZone();

    private static TimeZoneInfo FindChinaTimeZone()
    {
        foreach (var id in new[] { "Asia/Shanghai", "China Standard Time" })
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
            }
        }
        return TimeZoneInfo.CreateCustomTimeZone("China Standard Time", ChinaTime.Offset, "China Standard Time", "China Standard Time");
    }

    /// <summary>The recurring job id of a monthly job: its slug (<c>monthly-ranking</c>, <c>recognition</c>, <c>dual-evaluation</c>).</summary>
    public static string RecurringJobId(this JobName job) => job.Slug();

    /// <summary>
    /// The monthly jobs, the expiry sweeps and the Hangfire job server that runs them and any other
    /// feature's background work. On PostgreSQL, Hangfire keeps its jobs in the application's database
    /// (schema <see cref="StorageSchema"/>, created on first start), so API processes on one database
    /// share one schedule and each firing runs on one of them; on the embedded SQLite default it keeps
    /// them in memory. Either way every job is safe to run twice: see <see cref="JobRunner"/>.
    /// </summary>
    public static IServiceCollection AddVolunteerJobs(this IServiceCollection services, IConfiguration configuration, DatabaseSettings database)
    {
        var section = configuration.GetSection(JobOptions.Section);
        services.AddOptions<JobOptions>().Bind(section);
        var options = section.Get<JobOptions>() ?? new JobOptions();
        var problems = options.Problems().ToList();
        if (problems.Count > 0)
            throw new InvalidOperationException(string.Join(" ", problems));

        services.TryAddSingleton<IRunObserver, NoRunObserver>();
        services.AddScoped<JobRunner>();
        services.AddScoped<IMonthlyJob, MonthlyRankingJob>();
        services.AddScoped<IMonthlyJob, RecognitionJob>();
        services.AddScoped<IMonthlyJob, DualEvaluationJob>();
        services.AddScoped<IMonthlyJob, Points.LedgerRootJob>();
        services.AddCoreExpirySweeps();

        // The monthly jobs and the sweeps are declared like any feature's recurring job. Each monthly
        // job catches up its own due months, and the ranking's firing goes on with the recognition
        // that depends on it; the hourly catch-up does all three. They record a failed month in
        // JobRuns and then fail on the dashboard; the next firing retries, not Hangfire.
        services.AddScoped<MonthlyJobsEntry>();
        foreach (var job in JobNames.InOrder)
        {
            var jobs = JobNames.InOrder.Where(j => j == job || j.DependsOn() == job).ToArray();
            services.AddRecurringJob<MonthlyJobsEntry>(job.RecurringJobId(), JobSchedule.AtCron(options.MonthlyCron),
                (entry, ct) => entry.RunAsync(JobTrigger.Schedule, jobs, ct), JobRetries.NextFiring);
        }
        services.AddRecurringJob<MonthlyJobsEntry>(CatchUpJobId, JobSchedule.AtCron(options.RetryCron),
            (entry, ct) => entry.RunAsync(JobTrigger.Schedule, null, ct), JobRetries.NextFiring);
        services.AddRecurringJob<RunExpirySweeps>(ExpiryJobId, JobSchedule.Every(options.ExpiryInterval),
            (sweeps, ct) => sweeps.ExecuteAsync(ct));
        services.AddLedgerVerification(options);
        services.AddEscalationOverdueJob(options);

        services.AddJobServer(options, database);
        return services;
    }

    private static void AddJobServer(this IServiceCollection services, JobOptions options, DatabaseSettings database)
    {
        // Hangfire keeps its defaults in static state (JobStorage.Current, JobActivator.Current). This
        // host's storage, activator and time zones are its own services, registered before AddHangfire
        // (which adds only what is missing), so two hosts in one process (tests) never share them.
        services.AddSingleton<JobStorage>(_ => database.Provider == DatabaseProvider.Postgres
            ? PostgresStorage(database.ConnectionString, options)
            : new InMemoryStorage(new InMemoryStorageOptions()));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<ITimeZoneResolver, ChinaTimeZoneResolver>();
        services.AddHangfire((sp, c) => c
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddSingleton<IBackgroundJobs, HangfireBackgroundJobs>();
        services.AddScoped<RecurringJobRunner>();

        if (!options.Scheduler)
            return;
        services.AddSingleton<RecurringJobSetup>();
        var before = services.Count;
        services.AddHangfireServer((_, server) =>
        {
            server.SchedulePollingInterval = options.PollInterval;
            server.WorkerCount = options.Workers;
        });
        // Hangfire's server is a hosted service that would start before Kestrel listens; it starts after
        // the API is up instead (JobServerStart), so its storage, schedule and first polls stay off the
        // path to /health/ready.
        var hangfireServer = services.Skip(before).Where(d => d.ServiceType == typeof(IHostedService)).ToList();
        if (hangfireServer.Count != 1)
            throw new InvalidOperationException($"AddHangfireServer registered {hangfireServer.Count} hosted services; expected one.");
        services.Remove(hangfireServer[0]);
        services.AddSingleton(sp => new JobServerStart(sp.GetRequiredService<IHostApplicationLifetime>(),
            () => sp.GetRequiredService<RecurringJobSetup>().Run(), () => (IHostedService)Create(hangfireServer[0], sp),
            sp.GetRequiredService<ILogger<JobServerStart>>()));
        services.AddHostedService(sp => sp.GetRequiredService<JobServerStart>());
    }

    private static object Create(ServiceDescriptor descriptor, IServiceProvider sp) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(sp)
        ?? ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!);

    private static PostgreSqlStorage PostgresStorage(string connectionString, JobOptions options)
    {
        var storage = new PostgreSqlStorageOptions
        {
            SchemaName = StorageSchema,
            PrepareSchemaIfNecessary = true,
            // Workers hear of new jobs through LISTEN/NOTIFY; polling is the fallback.
            EnableLongPolling = true,
            QueuePollInterval = options.PollInterval,
            // A lock left behind by a killed process blocks the next job server's start this long.
            DistributedLockTimeout = options.LockTimeout,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storage), storage);
    }
}

/// <summary>Entry point of the monthly jobs on the job server: the catch-up of every due period.</summary>
public sealed class MonthlyJobsEntry(RunDueJobs runDueJobs)
{
    /// <summary>
    /// Catches up <paramref name="jobs"/> (all when null). A month that failed is recorded in JobRuns
    /// with its error and holds back that job's later months; this run then fails too, so the
    /// dashboard shows the error. No automatic retry: the hourly catch-up is the retry.
    /// </summary>
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("月度任务补齐（{0}）")]
    public async Task RunAsync(JobTrigger trigger, JobName[]? jobs, CancellationToken ct)
    {
        var outcomes = await runDueJobs.ExecuteAsync(trigger, jobs, ct);
        var failed = outcomes.Where(o => o.Kind == RunOutcomeKind.Failed).ToList();
        if (failed.Count > 0)
            throw new MonthlyRunsFailedException(failed);
    }
}

/// <summary>Some months failed; each failure is in JobRuns with its error, and the next firing retries.</summary>
public sealed class MonthlyRunsFailedException(IReadOnlyList<RunOutcome> failed) : Exception(
    string.Join("; ", failed.Select(o => $"{o.Job.Slug()} {o.Period} failed: {o.Error?.GetType().Name}: {o.Error?.Message}")),
    failed.Count == 1 ? failed[0].Error : new AggregateException(failed.Select(o => o.Error).OfType<Exception>()))
{
    public IReadOnlyList<RunOutcome> Failed { get; } = failed;
}

/// <summary>
/// The job server's way into the recurring jobs that features declared: a stored recurring job is
/// "run the definition with this id", so the definition (its use case and arguments) lives in code.
/// </summary>
public sealed class RecurringJobRunner(IServiceProvider scope, IEnumerable<RecurringJobDefinition> definitions)
{
    [JobDisplayName("{0}")]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [15, 60, 180], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public Task RunAsync(string id, CancellationToken ct) => RunMeasuredAsync(Find(id), ct);

    [JobDisplayName("{0}")]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public Task RunUntilNextFiringAsync(string id, CancellationToken ct) => RunMeasuredAsync(Find(id), ct);

    /// <summary>Every run of every recurring job is one span and one count (job id, succeeded or failed) with its duration.</summary>
    private async Task RunMeasuredAsync(RecurringJobDefinition definition, CancellationToken ct)
    {
        using var activity = VolunteerTracing.Source.StartActivity($"job {definition.Id}");
        activity?.SetTag("volunteer.job", definition.Id);
        var started = Stopwatch.GetTimestamp();
        var succeeded = false;
        try
        {
            await definition.Run(scope, ct);
            succeeded = true;
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
        finally
        {
            VolunteerMetrics.JobRun(definition.Id, succeeded, Stopwatch.GetElapsedTime(started));
        }
    }

    private RecurringJobDefinition Find(string id) =>
        definitions.FirstOrDefault(d => d.Id == id) ?? throw new InvalidOperationException($"No recurring job '{id}' is declared.");
}

/// <summary>
/// Writes every declared recurring job into the job storage (id, cron in China Standard Time, which
/// runner method), removes ones no longer declared, and enqueues the start-up catch-up of the
/// monthly jobs. Runs at start-up of a process with the job server on, before its server starts.
/// </summary>
internal sealed class RecurringJobSetup(IRecurringJobManager manager, JobStorage storage, IEnumerable<RecurringJobDefinition> definitions,
    IBackgroundJobs jobs, ILogger<RecurringJobSetup> logger)
{
    public void Run()
    {
        var declared = definitions.ToList();
        if (declared.GroupBy(d => d.Id).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
            throw new InvalidOperationException($"The recurring job '{duplicate.Key}' is declared twice.");

        var options = new RecurringJobOptions { TimeZone = Scheduling.ChinaTimeZone };
        foreach (var definition in declared)
        {
            var id = definition.Id;
            try
            {
                if (definition.Retries == JobRetries.Automatic)
                    manager.AddOrUpdate<RecurringJobRunner>(id, r => r.RunAsync(id, CancellationToken.None), definition.Schedule.Cron, options);
                else
                    manager.AddOrUpdate<RecurringJobRunner>(id, r => r.RunUntilNextFiringAsync(id, CancellationToken.None), definition.Schedule.Cron, options);
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"Recurring job '{id}': '{definition.Schedule.Cron}' is not a valid cron expression " +
                    "(5 fields, or 6 with seconds first; see the Jobs:* settings).", e);
            }
        }

        var ids = declared.Select(d => d.Id).ToHashSet();
        using (var connection = storage.GetConnection())
        {
            foreach (var stale in connection.GetRecurringJobs().Where(j => !ids.Contains(j.Id)))
            {
                manager.RemoveIfExists(stale.Id);
                logger.LogInformation("Removed recurring job {Id}, which is no longer declared", stale.Id);
            }
        }

        jobs.Enqueue<MonthlyJobsEntry>(e => e.RunAsync(JobTrigger.Startup, null, CancellationToken.None));
    }
}

/// <summary>Finds China Standard Time even where the system has no time-zone data for it.</summary>
internal sealed class ChinaTimeZoneResolver : ITimeZoneResolver
{
    private readonly DefaultTimeZoneResolver _default = new();

    public TimeZoneInfo GetTimeZoneById(string tzId) =>
        tzId == Scheduling.ChinaTimeZone.Id ? Scheduling.ChinaTimeZone : _default.GetTimeZoneById(tzId);
}

/// <summary>
/// Hangfire's logs into this host's logging. Hangfire holds one log provider per process; a host
/// that has stopped (another test's) hands out loggers that log nothing instead of failing.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory factory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(factory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return new NoLog();
        }
    }

    private sealed class NoLog : ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
