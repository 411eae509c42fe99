using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Quartz;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Rankings;
using Volunteer.Infrastructure.Recognition;
using Volunteer.Infrastructure.Reports;

namespace Volunteer.Infrastructure.Jobs;

/// <summary>Configuration section <c>Jobs</c>.</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>Runs the Quartz scheduler in this process. Off, jobs run only when an admin asks.</summary>
    public bool Scheduler { get; set; } = true;

    /// <summary>When the monthly jobs run, in China Standard Time: 01:00 on the 1st.</summary>
    public string MonthlyCron { get; set; } = "0 0 1 1 * ?";

    /// <summary>The catch-up that retries a failed or missed month; does nothing when all is done.</summary>
    public string RetryCron { get; set; } = "0 7 * * * ?";

    /// <summary>How often the expiry job sweeps.</summary>
    public TimeSpan ExpiryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many months a catch-up looks back at most.</summary>
    public int CatchUpMonths { get; set; } = 24;

    /// <summary>No monthly results before this month (yyyy-MM), e.g. the month the platform went live.</summary>
    public string? FirstPeriod { get; set; }

    /// <summary>How long a started run is presumed alive; after that another attempt may take it over.</summary>
    public TimeSpan RunLease { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>When the nightly ledger verification runs, in China Standard Time: 02:30.</summary>
    public string LedgerVerificationCron { get; set; } = "0 30 2 * * ?";

    internal Period? FirstPeriodValue => Period.TryParse(FirstPeriod, out var p) ? p : null;

    internal IEnumerable<string> Problems()
    {
        if (!CronExpression.TryParse(MonthlyCron, out _))
            yield return $"Jobs:MonthlyCron '{MonthlyCron}' is not a valid cron expression.";
        if (!CronExpression.TryParse(RetryCron, out _))
            yield return $"Jobs:RetryCron '{RetryCron}' is not a valid cron expression.";
        if (!CronExpression.TryParse(LedgerVerificationCron, out _))
            yield return $"Jobs:LedgerVerificationCron '{LedgerVerificationCron}' is not a valid cron expression.";
        if (ExpiryInterval < TimeSpan.FromSeconds(1))
            yield return "Jobs:ExpiryInterval must be at least one second.";
        if (CatchUpMonths is < 1 or > 120)
            yield return "Jobs:CatchUpMonths must be between 1 and 120.";
        if (!string.IsNullOrWhiteSpace(FirstPeriod) && FirstPeriodValue is null)
            yield return $"Jobs:FirstPeriod '{FirstPeriod}' must be a month such as 2026-01.";
        if (RunLease < TimeSpan.FromMinutes(1))
            yield return "Jobs:RunLease must be at least one minute.";
    }
}

public static class Scheduling
{
    /// <summary>The scheduler's name: every node of a cluster shares it.</summary>
    public const string SchedulerName = "volunteer";

    public static readonly JobKey MonthlyJobsKey = new("monthly-jobs", "volunteer");
    public static readonly JobKey ExpiryKey = new("expiry", "volunteer");
    internal static readonly TriggerKey MonthlyScheduleKey = new("monthly-jobs.schedule", "volunteer");
    internal static readonly TriggerKey MonthlyRetryKey = new("monthly-jobs.retry", "volunteer");
    internal static readonly TriggerKey ExpiryScheduleKey = new("expiry.schedule", "volunteer");

    /// <summary>
    /// China Standard Time for cron triggers. The IANA id on Linux, the Windows id elsewhere; failing
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

    /// <summary>
    /// The monthly jobs, the expiry job and their scheduler. On PostgreSQL, Quartz keeps its schedule
    /// in the same database (qrtz_* tables, created on first start) and runs clustered, so several
    /// API processes share one schedule and each firing runs on one of them. On SQLite it keeps the
    /// schedule in memory. Either way, every job is safe to run twice: see <see cref="JobRunner"/>.
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

        if (!options.Scheduler)
            return services;

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s => s.InstanceName = SchedulerName);
            // Quartz keeps wall-clock time for its timers; the jobs read the application's clock
            // (TimeProvider) to decide which months are due.
            q.UseTimeProvider(TimeProvider.System);
            if (database.Provider == DatabaseProvider.Postgres)
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(database.ConnectionString);
                    store.UseSystemTextJsonSerializer();
                    store.UseClustering();
                    store.ProvisionSchema();
                });
            }
            else
            {
                q.UseInMemoryStore();
            }

            q.AddJob<MonthlyJobsJob>(j => j.WithIdentity(MonthlyJobsKey).StoreDurably()
                .WithDescription("月度排行榜、月度表彰、双评议报告（补齐所有到期未完成的月份）"));
            q.AddTrigger(t => t.ForJob(MonthlyJobsKey).WithIdentity(MonthlyScheduleKey)
                .WithCronSchedule(options.MonthlyCron, c => c.InTimeZone(ChinaTimeZone)));
            q.AddTrigger(t => t.ForJob(MonthlyJobsKey).WithIdentity(MonthlyRetryKey)
                .WithCronSchedule(options.RetryCron, c => c.InTimeZone(ChinaTimeZone)));
            q.RunAtStartup(MonthlyJobsKey);

            q.AddJob<ExpiryJob>(j => j.WithIdentity(ExpiryKey).StoreDurably()
                .WithDescription("过期处理：关闭已结束任务、标记爽约，及其他过期清理"));
            q.AddTrigger(t => t.ForJob(ExpiryKey).WithIdentity(ExpiryScheduleKey).StartNow()
                .WithSimpleSchedule(s => s.WithInterval(options.ExpiryInterval).RepeatForever()));

            Points.LedgerVerificationSchedule.AddLedgerVerification(q, options);
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}

/// <summary>Quartz entry point of the monthly jobs: the catch-up of every due period.</summary>
[DisallowConcurrentExecution]
internal sealed class MonthlyJobsJob(IServiceScopeFactory scopes, ILogger<MonthlyJobsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var key = context.Trigger.Key;
        var trigger = key.Equals(Scheduling.MonthlyScheduleKey) || key.Equals(Scheduling.MonthlyRetryKey)
            ? JobTrigger.Schedule
            : JobTrigger.Startup;
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<RunDueJobs>().ExecuteAsync(trigger, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed run is recorded with its error; this is for failures before a run was claimed
            // (the database unreachable). The hourly retry tries again.
            logger.LogError(e, "Monthly jobs ({Trigger}) could not run", trigger);
        }
    }
}

/// <summary>Quartz entry point of the expiry sweeps.</summary>
[DisallowConcurrentExecution]
internal sealed class ExpiryJob(IServiceScopeFactory scopes, ILogger<ExpiryJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<RunExpirySweeps>().ExecuteAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Expiry run failed");
        }
    }
}
