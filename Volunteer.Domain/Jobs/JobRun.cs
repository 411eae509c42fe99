using Volunteer.Domain.Common;

namespace Volunteer.Domain.Jobs;

/// <summary>The monthly jobs. Each runs once per <see cref="Period"/>.</summary>
public enum JobName
{
    /// <summary>月度排行榜: rankings of the month just ended.</summary>
    MonthlyRanking,
    /// <summary>月度表彰: honours (and bonus points) from the month's ranking.</summary>
    Recognition,
    /// <summary>双评议: the report of in-service party members' service, per work unit.</summary>
    DualEvaluation,
    /// <summary>月度台账根: the hash over every points account's head at the month's end, published with 积分公示.</summary>
    LedgerRoot,
}

public enum JobRunStatus
{
    /// <summary>Claimed by one instance, which is computing it.</summary>
    Running,
    /// <summary>Computed; the result is committed with this mark and never changes.</summary>
    Completed,
    /// <summary>The last attempt failed and left nothing behind; the next attempt starts over.</summary>
    Failed,
}

/// <summary>What started a run, shown in the run history.</summary>
public enum JobTrigger
{
    /// <summary>The schedule (1st of the month, 01:00 China time) or its hourly retry.</summary>
    Schedule,
    /// <summary>The catch-up at start-up.</summary>
    Startup,
    /// <summary>An admin asked for the period (重新执行).</summary>
    Admin,
}

/// <summary>Names as clients see them: <c>monthly-ranking</c>, <c>recognition</c>, <c>dual-evaluation</c>.</summary>
public static class JobNames
{
    private static readonly Dictionary<JobName, string> Slugs = new()
    {
        [JobName.MonthlyRanking] = "monthly-ranking",
        [JobName.Recognition] = "recognition",
        [JobName.DualEvaluation] = "dual-evaluation",
        [JobName.LedgerRoot] = "ledger-root",
    };

    public static IReadOnlyCollection<string> All => Slugs.Values;

    public static string Slug(this JobName job) => Slugs[job];

    public static bool TryParse(string? slug, out JobName job)
    {
        foreach (var (name, text) in Slugs)
        {
            if (string.Equals(text, slug, StringComparison.OrdinalIgnoreCase))
            {
                job = name;
                return true;
            }
        }
        job = default;
        return false;
    }

    public static string Title(this JobName job) => job switch
    {
        JobName.MonthlyRanking => "月度排行榜",
        JobName.Recognition => "月度表彰",
        JobName.DualEvaluation => "双评议报告",
        JobName.LedgerRoot => "月度台账根",
        _ => job.ToString(),
    };

    /// <summary>
    /// The jobs in the order a period is worked through: recognition reads the ranking of the same
    /// period, so it comes after it; the dual-evaluation report needs neither.
    /// </summary>
    public static readonly IReadOnlyList<JobName> InOrder =
        [JobName.MonthlyRanking, JobName.Recognition, JobName.DualEvaluation, JobName.LedgerRoot];

    /// <summary>The job whose completed run of the same period this one needs, if any.</summary>
    public static JobName? DependsOn(this JobName job) => job == JobName.Recognition ? JobName.MonthlyRanking : null;
}

/// <summary>
/// One run of a monthly job for one period. (Job, Period) is unique: a run is claimed by inserting
/// this row, or by taking over a failed or abandoned one, so two instances never both compute the
/// same period. The result and the <see cref="JobRunStatus.Completed"/> mark are committed in one
/// transaction, so a crash leaves a run that is not completed and nothing else.
/// </summary>
public sealed class JobRun
{
    public const int MaxErrorLength = 2000;

    private JobRun() { }

    public Guid Id { get; private set; }
    public JobName Job { get; private set; }
    /// <summary>yyyymm, see <see cref="Common.Period.Key"/>.</summary>
    public int Period { get; private set; }
    public JobRunStatus Status { get; private set; }
    /// <summary>How many times the run was started (a retry after a failure adds one).</summary>
    public int Attempts { get; private set; }
    public JobTrigger Trigger { get; private set; }
    /// <summary>The admin who asked for the run, when <see cref="Trigger"/> is <see cref="JobTrigger.Admin"/>.</summary>
    public Guid? TriggeredByAccountId { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    /// <summary>
    /// Until when the claim of a running attempt holds. A process that died mid-run leaves its row
    /// <see cref="JobRunStatus.Running"/>; after this time another attempt may take it over.
    /// </summary>
    public DateTimeOffset LeaseUntil { get; private set; }
    /// <summary>Changes with every attempt: only the holder of the current token may complete or fail the run.</summary>
    public Guid ClaimToken { get; private set; }
    /// <summary>What the completed run produced, in words (e.g. 排行记录 120 条).</summary>
    public string? Summary { get; private set; }
    /// <summary>Why the last attempt failed.</summary>
    public string? Error { get; private set; }

    public Period PeriodValue => Common.Period.FromKey(Period);

    public static JobRun Start(JobName job, Period period, JobTrigger trigger, Guid? accountId, DateTimeOffset now, TimeSpan lease) => new()
    {
        Id = Ids.NewV7(now),
        Job = job,
        Period = period.Key,
        Status = JobRunStatus.Running,
        Attempts = 1,
        Trigger = trigger,
        TriggeredByAccountId = accountId,
        StartedAt = now,
        LeaseUntil = now + lease,
        ClaimToken = Guid.NewGuid(),
    };

    /// <summary>A failed run, or a running one whose lease ran out (its process died), may be attempted again.</summary>
    public bool CanBeTakenOver(DateTimeOffset now) =>
        Status == JobRunStatus.Failed || (Status == JobRunStatus.Running && LeaseUntil <= now);

    public static string TrimError(string error) =>
        error.Length <= MaxErrorLength ? error : error[..(MaxErrorLength - 1)] + "…";
}

/// <summary>When the monthly jobs of a period are due.</summary>
public static class MonthlySchedule
{
    /// <summary>
    /// A month's jobs run at 01:00 China time on the 1st of the next month. The hour's margin lets
    /// services verified just before midnight commit into the month they belong to; after it, the
    /// month's running totals no longer change (new entries belong to the new month).
    /// </summary>
    public static readonly TimeSpan Delay = TimeSpan.FromHours(1);

    /// <summary>The latest period whose jobs are due at <paramref name="now"/>.</summary>
    public static Period LatestDue(DateTimeOffset now) => Period.Of(now - Delay).Previous();

    public static bool IsDue(Period period, DateTimeOffset now) => period.CompareTo(LatestDue(now)) <= 0;

    /// <summary>
    /// The periods a catch-up looks at, oldest first: from the first month with activity (or the
    /// configured first period, whichever is later), at most <paramref name="maxMonths"/> back from
    /// the latest due period.
    /// </summary>
    public static IReadOnlyList<Period> Window(DateTimeOffset now, Period? firstActivity, Period? configuredFirst, int maxMonths)
    {
        if (firstActivity is not { } first)
            return [];
        var latest = LatestDue(now);
        var start = first;
        if (configuredFirst is { } configured && configured.CompareTo(start) > 0)
            start = configured;
        if (maxMonths < 1)
            throw new ArgumentOutOfRangeException(nameof(maxMonths));
        var floor = latest;
        for (var i = 1; i < maxMonths; i++)
            floor = floor.Previous();
        if (floor.CompareTo(start) > 0)
            start = floor;

        var periods = new List<Period>();
        for (var p = start; p.CompareTo(latest) <= 0; p = p.Next())
            periods.Add(p);
        return periods;
    }
}
