using Volunteer.Domain.Common;

namespace Volunteer.Infrastructure.Jobs;

/// <summary>Configuration section <c>Jobs</c>.</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// Runs the Hangfire job server in this process. Off (a web-only node), the process runs no job
    /// but can still enqueue them, and admins can still run a month (<c>POST /api/v1/admin/jobs/{name}/runs</c>).
    /// </summary>
    public bool Scheduler { get; set; } = true;

    /// <summary>When the monthly jobs run, in China Standard Time: 01:00 on the 1st (cron with seconds).</summary>
    public string MonthlyCron { get; set; } = "0 0 1 1 * ?";

    /// <summary>The catch-up that retries a failed or missed month; does nothing when all is done.</summary>
    public string RetryCron { get; set; } = "0 7 * * * ?";

    /// <summary>How often the expiry job sweeps. It must divide a minute, an hour or a day evenly.</summary>
    public TimeSpan ExpiryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many months a catch-up looks back at most.</summary>
    public int CatchUpMonths { get; set; } = 24;

    /// <summary>No monthly results before this month (yyyy-MM), e.g. the month the platform went live.</summary>
    public string? FirstPeriod { get; set; }

    /// <summary>How long a started run is presumed alive; after that another attempt may take it over.</summary>
    public TimeSpan RunLease { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How often a job server looks for recurring jobs that are due and for retries whose delay has
    /// passed (and, on PostgreSQL, for queued jobs it was not notified of).
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>When the nightly ledger verification runs, in China Standard Time: 02:30 (cron with seconds).</summary>
    public string LedgerVerificationCron { get; set; } = "0 30 2 * * ?";

    /// <summary>How often the escalation overdue job looks for report-ins and resolutions past their deadline.</summary>
    public TimeSpan EscalationOverdueInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// On PostgreSQL, how old a lock in the job storage must be before another process may take it.
    /// Hangfire holds them for milliseconds (writing the schedule, enqueuing a recurring job); a
    /// process killed while holding one leaves its row behind, and the next job server to start waits
    /// this long for it. Hangfire's own default is 10 minutes.
    /// </summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How many jobs the job server runs at once (each a thread of its own with its database work); by default
    /// one per processor, at least 2, at most 10. The jobs are short sweeps and monthly batches, so more workers
    /// than processors buys nothing but threads and memory.
    /// </summary>
    public int? WorkerCount { get; set; }

    internal int Workers => WorkerCount ?? Math.Clamp(Environment.ProcessorCount, 2, 10);

    internal Period? FirstPeriodValue => Period.TryParse(FirstPeriod, out var p) ? p : null;

    internal IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(MonthlyCron))
            yield return "Jobs:MonthlyCron must be a cron expression.";
        if (string.IsNullOrWhiteSpace(RetryCron))
            yield return "Jobs:RetryCron must be a cron expression.";
        if (string.IsNullOrWhiteSpace(LedgerVerificationCron))
            yield return "Jobs:LedgerVerificationCron must be a cron expression.";
        if (!JobSchedule.TryEvery(ExpiryInterval, out _))
            yield return $"Jobs:ExpiryInterval '{ExpiryInterval}' must divide a minute, an hour or a day evenly (e.g. 00:00:30, 00:05:00, 02:00:00).";
        if (!JobSchedule.TryEvery(EscalationOverdueInterval, out _))
            yield return $"Jobs:EscalationOverdueInterval '{EscalationOverdueInterval}' must divide a minute, an hour or a day evenly.";
        if (LockTimeout < TimeSpan.FromSeconds(1) || LockTimeout > TimeSpan.FromHours(1))
            yield return $"Jobs:LockTimeout '{LockTimeout}' must be between 00:00:01 and 01:00:00.";
        if (CatchUpMonths is < 1 or > 120)
            yield return "Jobs:CatchUpMonths must be between 1 and 120.";
        if (!string.IsNullOrWhiteSpace(FirstPeriod) && FirstPeriodValue is null)
            yield return $"Jobs:FirstPeriod '{FirstPeriod}' must be a month such as 2026-01.";
        if (RunLease < TimeSpan.FromMinutes(1))
            yield return "Jobs:RunLease must be at least one minute.";
        if (WorkerCount is < 1 or > 100)
            yield return "Jobs:WorkerCount must be between 1 and 100.";
        if (PollInterval < TimeSpan.FromSeconds(1) || PollInterval > TimeSpan.FromMinutes(5))
            yield return "Jobs:PollInterval must be between one second and five minutes.";
    }
}
