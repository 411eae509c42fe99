using Volunteer.Domain.Common;

namespace Volunteer.Domain.Points;

/// <summary>
/// A month's ledger root (月度台账根), published with the 积分公示 board: the hash over every
/// account's last entry at the month's end (<see cref="LedgerChain.Root"/>). Computed once by the
/// monthly job and never changed, so a rewritten closed month no longer matches it.
/// </summary>
public sealed class LedgerRoot
{
    private LedgerRoot() { }

    /// <summary>yyyymm.</summary>
    public int Period { get; private set; }
    public string Root { get; private set; } = "";
    public int Accounts { get; private set; }
    public long Entries { get; private set; }
    public DateTimeOffset ComputedAt { get; private set; }

    public static LedgerRoot Of(Period period, IReadOnlyCollection<ChainHead> heads, DateTimeOffset now) => new()
    {
        Period = period.Key,
        Root = LedgerChain.Root(heads),
        Accounts = heads.Count,
        Entries = heads.Sum(h => h.Sequence),
        ComputedAt = now,
    };
}

/// <summary>
/// One run of the nightly ledger verification (台账校验), kept as its history. One per day:
/// (Day) is unique, so a second run of the same night, here or on another instance, adds nothing.
/// </summary>
public sealed class LedgerVerificationRun
{
    public const int MaxSummaryLength = 2000;

    private LedgerVerificationRun() { }

    public Guid Id { get; private set; }
    /// <summary>yyyymmdd in China Standard Time.</summary>
    public int Day { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset FinishedAt { get; private set; }
    public bool Ok { get; private set; }
    public int Accounts { get; private set; }
    public long Entries { get; private set; }
    public int Problems { get; private set; }
    /// <summary>The first problems found, in words; null when all is well.</summary>
    public string? Summary { get; private set; }

    public static int DayOf(DateTimeOffset instant)
    {
        var local = ChinaTime.ToChina(instant);
        return local.Year * 10000 + local.Month * 100 + local.Day;
    }

    public static LedgerVerificationRun Record(DateTimeOffset startedAt, DateTimeOffset finishedAt, int accounts, long entries,
        IReadOnlyCollection<ChainProblem> problems)
    {
        var summary = problems.Count == 0
            ? null
            : string.Join("；", problems.Take(20).Select(p => $"{p.MemberId}/{p.EntryId}: {p.What}"));
        if (summary is { Length: > MaxSummaryLength })
            summary = summary[..(MaxSummaryLength - 1)] + "…";
        return new LedgerVerificationRun
        {
            Id = Ids.NewV7(startedAt),
            Day = DayOf(startedAt),
            StartedAt = startedAt,
            FinishedAt = finishedAt,
            Ok = problems.Count == 0,
            Accounts = accounts,
            Entries = entries,
            Problems = problems.Count,
            Summary = summary,
        };
    }
}
