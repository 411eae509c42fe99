using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Domain.Points;
using Volunteer.Domain.Recognition;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Infrastructure.Recognition;
using Volunteer.Tests.Support;
using static Volunteer.Tests.Support.Activity;

namespace Volunteer.Tests.Jobs;

/// <summary>
/// The real Hangfire job server: API processes sharing one PostgreSQL database compute each month
/// once, and one that stops in the middle of a run leaves nothing behind for another to finish; the
/// embedded default catches up and sweeps on its own; failures show on the job server and are retried.
/// </summary>
public sealed class JobServerTests
{
    /// <summary>Both nodes run the start-up catch-up and the every-second catch-up; each month is still computed once.</summary>
    [Fact]
    public async Task Two_api_processes_on_one_database_compute_each_missed_month_once_and_run_what_a_web_only_node_enqueued()
    {
        await using var owner = new PostgresApi();
        await owner.InitializeAsync();
        owner.EnsureAvailable();

        var place = await owner.NewCommunityAsync();
        await owner.UseAsync<SetHonorSettings, HonorSettings>(u =>
            u.ExecuteAsync(place.Staff.ToActor(), place.CommunityId, true, 2, 10, true, default));
        var members = new List<Person>();
        for (var i = 0; i < 4; i++)
            members.Add(await owner.NewResidentAsync(place, partyMember: i == 0));
        foreach (var month in new[] { 1, 2, 3 })
            for (var i = 0; i < members.Count; i++)
                await owner.EarnAsync(members[i], place, 10 + i + month, 30, Cst(2026, month, 10 + i, 10));

        // The owner is a web-only node (Jobs:Scheduler=false): it enqueues, and runs nothing itself.
        var marker = Guid.NewGuid().ToString("N");
        var enqueued = owner.Services.GetRequiredService<IBackgroundJobs>().Enqueue<RecordingJob>(j => j.RunAsync(marker));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal("Enqueued", StateOf(owner, enqueued));

        var nodes = new[] { new SchedulerNode(Provider.Postgres, owner.ConnectionString!), new SchedulerNode(Provider.Postgres, owner.ConnectionString!) };
        try
        {
            foreach (var node in nodes)
                node.Clock.Set(Cst(2026, 4, 3, 8, 0));
            await Task.WhenAll(nodes.Select(n => n.InitializeAsync().AsTask()));
            await Wait.UntilAsync(() => Task.FromResult(StateOf(owner, enqueued) == "Succeeded"), TimeSpan.FromSeconds(120));
            Assert.Equal(1, RecordingJob.Ran.Count(m => m == marker));

            // Three months × three jobs, all completed; then a few more firings on both nodes change nothing.
            await Wait.UntilAsync(async () => await CompletedAsync(owner) >= 3 * JobNames.InOrder.Count, TimeSpan.FromSeconds(120));
            await Task.Delay(TimeSpan.FromSeconds(3));

            var runs = await owner.DbAsync(db => db.JobRuns.AsNoTracking().ToListAsync());
            Assert.Equal(3 * JobNames.InOrder.Count, runs.Count);
            Assert.All(runs, r => Assert.Equal((JobRunStatus.Completed, 1), (r.Status, r.Attempts)));
            Assert.Equal([202601, 202602, 202603], runs.Select(r => r.Period).Distinct().Order().ToList());
            foreach (var node in nodes)
            {
                var worked = node.Runs.Steps.Where(s => s.Job == JobName.MonthlyRanking).Select(s => s.Period).ToList();
                Assert.Equal(worked.Order().ToList(), worked);
            }

            // Per month: the top two stars and the one party member honoured, one bonus each.
            var honors = await owner.DbAsync(db => db.Honors.AsNoTracking().ToListAsync());
            Assert.Equal(3 * 3, honors.Count);
            var bonuses = await owner.DbAsync(db => db.LedgerEntries.AsNoTracking().Where(e => e.Kind == LedgerEntryKind.Bonus).ToListAsync());
            Assert.Equal(honors.Select(h => h.Id).Order(), bonuses.Select(b => b.SourceId).Order());
            // Months × scopes × (everyone + own list) × metrics × members.
            Assert.Equal(3 * 3 * 2 * 2 * 4, await owner.DbAsync(db => db.RankingEntries.CountAsync()));

            // One schedule in the application's database, in a schema of its own, served by both processes.
            Assert.Equal(2L, await ScalarAsync(owner, $"SELECT COUNT(*) FROM {Scheduling.StorageSchema}.server"));
            using var connection = nodes[0].Services.GetRequiredService<JobStorage>().GetConnection();
            var recurring = connection.GetRecurringJobs();
            Assert.Equal(["dual-evaluation", "escalation-overdue", "expiry", "ledger-root", "ledger-verification", "monthly-catch-up", "monthly-ranking", "notification-deliveries", "notification-reminders", "recognition"], recurring.Select(j => j.Id).Order());
            Assert.All(recurring, j => Assert.Equal(Scheduling.ChinaTimeZone.Id, j.TimeZoneId));
            Assert.Equal("0 0 1 1 * ?", recurring.Single(j => j.Id == "monthly-ranking").Cron);
        }
        finally
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
        }
    }

    /// <summary>
    /// The first process stops responding half-way through a month's recognition, after paying a
    /// bonus inside its transaction, and its database sessions die (as when the process is killed).
    /// Nothing of that run is visible; after the run's lease, a second process takes it over and
    /// completes it, paying each winner once.
    /// </summary>
    [Fact]
    public async Task A_process_killed_in_the_middle_of_a_monthly_run_leaves_nothing_partial_and_another_finishes_it()
    {
        await using var owner = new PostgresApi();
        await owner.InitializeAsync();
        owner.EnsureAvailable();

        var period = new Period(2026, 3);
        var place = await owner.NewCommunityAsync();
        await owner.UseAsync<SetHonorSettings, HonorSettings>(u =>
            u.ExecuteAsync(place.Staff.ToActor(), place.CommunityId, true, 3, 10, false, default));
        for (var i = 0; i < 3; i++)
            await owner.EarnAsync(await owner.NewResidentAsync(place), place, 30 - i, 60, Cst(2026, 3, 10 + i, 9));

        var doomed = new SchedulerNode(Provider.Postgres, owner.ConnectionString + ";Application Name=doomed-node");
        doomed.Runs.FreezeAfter((job, p, step) => job == JobName.Recognition && p == period && step.StartsWith("honor:", StringComparison.Ordinal));
        doomed.Clock.Set(Cst(2026, 4, 1, 2, 0));
        try
        {
            await doomed.InitializeAsync();
            await doomed.Runs.Frozen.WaitAsync(TimeSpan.FromSeconds(120));
            await ScalarAsync(owner, "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'doomed-node'");

            var abandoned = (await owner.RunOfAsync(JobName.Recognition, period))!;
            Assert.Equal((JobRunStatus.Running, 1), (abandoned.Status, abandoned.Attempts));
            Assert.Equal(0, await owner.DbAsync(db => db.Honors.CountAsync()));
            Assert.Equal(0, await owner.DbAsync(db => db.LedgerEntries.CountAsync(e => e.Kind == LedgerEntryKind.Bonus)));

            // A second process, once the abandoned run's lease (30 minutes) has passed.
            await using var survivor = new SchedulerNode(Provider.Postgres, owner.ConnectionString!);
            survivor.Clock.Set(Cst(2026, 4, 1, 2, 31));
            await survivor.InitializeAsync();
            await Wait.UntilAsync(async () => (await owner.RunOfAsync(JobName.Recognition, period))?.Status == JobRunStatus.Completed,
                TimeSpan.FromSeconds(120));

            // The frozen run wakes up and crashes: it no longer holds the run, so it changes nothing.
            doomed.Runs.Release();
            await Task.Delay(TimeSpan.FromSeconds(2));
            var run = (await owner.RunOfAsync(JobName.Recognition, period))!;
            Assert.Equal((JobRunStatus.Completed, 2), (run.Status, run.Attempts));
            // The survivor's start-up catch-up or its scheduled one (every second here), whichever of its
            // workers dequeues first; the doomed node's workers run them too but, on its clock, the lease holds.
            Assert.Contains(run.Trigger, new[] { JobTrigger.Startup, JobTrigger.Schedule });
            Assert.Contains(survivor.Runs.Steps, s => s.Job == JobName.Recognition && s.Period == period);
            Assert.Equal(3, await owner.DbAsync(db => db.Honors.CountAsync(h => h.Period == period.Key)));
            var bonuses = await owner.DbAsync(db => db.LedgerEntries.AsNoTracking().Where(e => e.Kind == LedgerEntryKind.Bonus).ToListAsync());
            Assert.Equal(3, bonuses.Count);
            Assert.Equal(3, bonuses.Select(b => b.MemberId).Distinct().Count());
        }
        finally
        {
            doomed.Runs.Release();
            await doomed.DisposeAsync();
        }
    }

    /// <summary>
    /// A process killed while Hangfire held one of its storage locks (writing the schedule, enqueuing a
    /// recurring job) leaves the lock's row behind. The next job server takes such a lock once it is older
    /// than <c>Jobs:LockTimeout</c> (10 s on test nodes) instead of waiting Hangfire's 10 minutes.
    /// </summary>
    [Fact]
    public async Task Storage_locks_left_behind_by_a_killed_process_hold_up_the_next_job_server_only_for_the_lock_timeout()
    {
        await using var owner = new PostgresApi();
        await owner.InitializeAsync();
        owner.EnsureAvailable();
        await using (var first = new SchedulerNode(Provider.Postgres, owner.ConnectionString!))
            await first.InitializeAsync(); // writes the schedule, then stops cleanly

        var schema = Scheduling.StorageSchema;
        Assert.Equal(0L, await ScalarAsync(owner, $"SELECT COUNT(*) FROM {schema}.lock"));
        var left = await ScalarAsync(owner, $"""
            WITH stale AS (
                INSERT INTO {schema}.lock (resource, updatecount, acquired)
                SELECT '{schema}:lock:recurring-job:' || value, 1, now() FROM {schema}.set WHERE key = 'recurring-jobs'
                RETURNING 1)
            SELECT COUNT(*) FROM stale
            """);
        Assert.True(left >= JobNames.InOrder.Count, $"{left} locks left behind");

        await using var next = new SchedulerNode(Provider.Postgres, owner.ConnectionString!);
        // Waits (up to 120 s) for the schedule to be written and the server to run: with Hangfire's
        // default the locks would hold it for 10 minutes (the CI failure this test reproduces).
        await next.InitializeAsync();
        await Wait.UntilAsync(async () => await ScalarAsync(owner, $"SELECT COUNT(*) FROM {schema}.server") == 1, TimeSpan.FromSeconds(30)); // it announces itself
        Assert.Equal(left, await ScalarAsync(owner, $"SELECT COUNT(*) FROM {schema}.set WHERE key = 'recurring-jobs'"));
    }

    [Fact]
    public async Task On_the_embedded_default_the_job_server_catches_up_at_start_up_and_sweeps_expired_claims()
    {
        await using var owner = new SqliteApi();
        await owner.InitializeAsync();
        var place = await owner.NewCommunityAsync();
        var member = await owner.NewResidentAsync(place);
        await owner.EarnAsync(member, place, 10, 30, Cst(2026, 2, 10, 10));
        var now = owner.Clock.GetUtcNow();
        var task = await owner.PublishTaskAsync(place, startsAt: now.AddMinutes(-10), endsAt: now.AddMinutes(20));
        var claim = await owner.ClaimAsync(member.Token, task);

        // Only the start-up catch-up may compute the month: the scheduled catch-up and the monthly firing
        // are set to a moment no test run meets (the every-second catch-up of a scheduler node could win the race).
        await using var node = new SchedulerNode(Provider.Sqlite, owner.ConnectionString!, new Dictionary<string, string?>
        {
            ["Jobs:RetryCron"] = "0 0 0 1 1 ?",
            ["Jobs:MonthlyCron"] = "0 0 0 1 1 ?",
        });
        node.Clock.Set(now.AddHours(1));
        await node.InitializeAsync();

        await Wait.UntilAsync(async () => await CompletedAsync(owner) >= JobNames.InOrder.Count && await StatusAsync(owner, claim.Id) == ClaimStatus.NoShow,
            TimeSpan.FromSeconds(90));

        var runs = await owner.DbAsync(db => db.JobRuns.AsNoTracking().ToListAsync());
        Assert.Equal(JobNames.InOrder.Count, runs.Count(r => r.Status == JobRunStatus.Completed && r.Period == 202602));
        Assert.All(runs, r => Assert.Equal(JobTrigger.Startup, r.Trigger));
        Assert.Equal(ClaimStatus.NoShow, await StatusAsync(owner, claim.Id));
        Assert.Equal(1, await owner.DbAsync(db => db.Members.Where(m => m.Id == member.Id).Select(m => m.NoShowCount).SingleAsync()));
    }

    /// <summary>
    /// A node as deployed — the job server and the idle memory trim both in its host — hands its start-up garbage back
    /// once its first readiness probe has been answered, and stops cleanly: the host is stopped twice at once under the test factory (dotnet/aspnetcore#40271),
    /// which made the job server's stop throw <see cref="ObjectDisposedException"/> once the trim's background service
    /// changed the timing.
    /// </summary>
    [Fact]
    public async Task A_node_with_the_job_server_and_the_idle_memory_trim_starts_trims_and_stops_cleanly()
    {
        await using var owner = new SqliteApi();
        await owner.InitializeAsync();
        var node = new SchedulerNode(Provider.Sqlite, owner.ConnectionString!);
        try
        {
            await node.InitializeAsync();
            var trim = node.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Volunteer.Api.Health.IdleMemoryTrim>().Single();
            var response = await node.Client().GetAsync("/health/ready");
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            await Wait.UntilAsync(() => Task.FromResult(trim.Trims >= 1), TimeSpan.FromSeconds(30)); // the start-up trim
        }
        finally
        {
            await node.DisposeAsync(); // throws if a hosted service's stop failed
        }
    }

    /// <summary>
    /// A month whose ranking fails is recorded with its error in the run history, the job fails on the
    /// job server with that error (no automatic retry), later months wait, and the catch-up retries it.
    /// </summary>
    [Fact]
    public async Task A_failing_month_shows_its_error_holds_back_later_months_and_the_catch_up_retries_it()
    {
        await using var owner = new SqliteApi();
        await owner.InitializeAsync();
        var place = await owner.NewCommunityAsync();
        var member = await owner.NewResidentAsync(place);
        await owner.EarnAsync(member, place, 10, 30, Cst(2026, 1, 10, 10));
        await owner.EarnAsync(member, place, 10, 30, Cst(2026, 2, 10, 10));
        var january = new Period(2026, 1);

        // The scheduled catch-up fires only when the test says (below); otherwise, every second, it could
        // start the next attempt of the failed month between the failure and the test's look at it.
        await using var node = new SchedulerNode(Provider.Sqlite, owner.ConnectionString!, new Dictionary<string, string?>
        {
            ["Jobs:RetryCron"] = "0 0 0 1 1 ?",
            ["Jobs:MonthlyCron"] = "0 0 0 1 1 ?",
        });
        node.Clock.Set(Cst(2026, 3, 2, 9));
        node.Runs.FailAfter((job, p, step) => job == JobName.MonthlyRanking && p == january && step == "snapshot");
        await node.InitializeAsync();

        var storage = node.Services.GetRequiredService<JobStorage>();
        await Wait.UntilAsync(() => Task.FromResult(storage.GetMonitoringApi().FailedCount() >= 1), TimeSpan.FromSeconds(90));

        var failedRun = (await owner.RunOfAsync(JobName.MonthlyRanking, january))!;
        Assert.Equal(JobRunStatus.Failed, failedRun.Status);
        Assert.Contains("Simulated crash", failedRun.Error);
        var failedJob = storage.GetMonitoringApi().FailedJobs(0, 1).Single().Value;
        Assert.Equal(typeof(MonthlyRunsFailedException).FullName, failedJob.ExceptionType);
        Assert.Contains("monthly-ranking 2026-01 failed", failedJob.ExceptionMessage);
        Assert.Equal(0, storage.GetMonitoringApi().ScheduledCount()); // not retried by Hangfire
        Assert.Null(await owner.RunOfAsync(JobName.MonthlyRanking, new Period(2026, 2)));
        Assert.Null(await owner.RunOfAsync(JobName.Recognition, january));

        Assert.Equal(1, failedRun.Attempts);

        node.Runs.Heal();
        node.Services.GetRequiredService<IRecurringJobManager>().Trigger(Scheduling.CatchUpJobId); // the hourly catch-up's firing
        await Wait.UntilAsync(async () => await CompletedAsync(owner) >= 6, TimeSpan.FromSeconds(90));
        var ranking = (await owner.RunOfAsync(JobName.MonthlyRanking, january))!;
        Assert.Equal((JobRunStatus.Completed, null), (ranking.Status, ranking.Error));
        Assert.Equal(2, ranking.Attempts);
        var worked = node.Runs.Steps.Where(s => s.Job == JobName.MonthlyRanking && s.Step == "snapshot").Select(s => s.Period).Distinct().ToList();
        Assert.Equal([january, new Period(2026, 2)], worked);
    }

    /// <summary>A sweep that fails does not stop the others, and the expiry job is retried automatically.</summary>
    [Fact]
    public async Task A_failing_sweep_leaves_the_others_done_and_the_expiry_job_is_retried()
    {
        await using var owner = new SqliteApi();
        await owner.InitializeAsync();
        var place = await owner.NewCommunityAsync();
        var member = await owner.NewResidentAsync(place);
        var now = owner.Clock.GetUtcNow();
        var task = await owner.PublishTaskAsync(place, startsAt: now.AddMinutes(-10), endsAt: now.AddMinutes(20));
        var claim = await owner.ClaimAsync(member.Token, task);

        await using var node = new SchedulerNode(Provider.Sqlite, owner.ConnectionString!, configureServices: services =>
            services.AddScoped<IExpirySweep, BrokenSweep>());
        node.Clock.Set(now.AddHours(1));
        await node.InitializeAsync();

        var storage = node.Services.GetRequiredService<JobStorage>();
        await Wait.UntilAsync(async () => storage.GetMonitoringApi().ScheduledCount() > 0 && await StatusAsync(owner, claim.Id) == ClaimStatus.NoShow,
            TimeSpan.FromSeconds(90));

        var retry = storage.GetMonitoringApi().ScheduledJobs(0, 10).Select(j => j.Key).First();
        var history = storage.GetMonitoringApi().JobDetails(retry).History;
        var failure = history.First(h => h.StateName == "Failed");
        Assert.Contains(nameof(ExpirySweepsFailedException), failure.Data["ExceptionType"]);
        Assert.Contains("broken", failure.Data["ExceptionMessage"]);
        Assert.Equal(ClaimStatus.NoShow, await StatusAsync(owner, claim.Id));
    }

    private static string? StateOf(ApiFactory api, string jobId)
    {
        using var connection = api.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetStateData(jobId)?.Name;
    }

    private sealed class BrokenSweep : IExpirySweep
    {
        public string Name => "broken";

        public Task<int> SweepAsync(DateTimeOffset now, CancellationToken ct) => throw new InvalidOperationException("broken on purpose");
    }

    private static async Task<long> ScalarAsync(ApiFactory api, string sql)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static Task<int> CompletedAsync(ApiFactory api) =>
        api.DbAsync(db => db.JobRuns.CountAsync(r => r.Status == JobRunStatus.Completed));

    private static Task<ClaimStatus> StatusAsync(ApiFactory api, Guid claimId) =>
        api.DbAsync(db => db.Claims.Where(c => c.Id == claimId).Select(c => c.Status).SingleAsync());
}

/// <summary>A fire-and-forget job that notes that it ran.</summary>
public sealed class RecordingJob
{
    public static readonly System.Collections.Concurrent.ConcurrentBag<string> Ran = [];

    public Task RunAsync(string marker)
    {
        Ran.Add(marker);
        return Task.CompletedTask;
    }
}
