using Volunteer.Domain.Common;

namespace Volunteer.Domain.Points;

/// <summary>
/// A member's running balance and total service time: the sums of their ledger. Kept as a row of
/// its own so that changes to it are single atomic updates that can refuse to go negative.
/// </summary>
public sealed class PointsAccount
{
    private PointsAccount() { }

    public Guid MemberId { get; private set; }
    public int Balance { get; private set; }
    public int Minutes { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static PointsAccount OpenFor(Guid memberId, DateTimeOffset now) => new() { MemberId = memberId, UpdatedAt = now };

    public int StarLevel => Points.StarLevel.ForMinutes(Minutes);

    /// <summary>The rule the database also enforces: a balance never goes below zero.</summary>
    public static bool CanApply(int balance, int amount) => (long)balance + amount >= 0;

    public void Apply(LedgerEntry entry)
    {
        if (entry.MemberId != MemberId)
            throw new InvalidOperationException("The entry belongs to another member.");
        if (!CanApply(Balance, entry.Amount))
            throw InsufficientPoints(Balance, entry.Amount);
        Balance += entry.Amount;
        Minutes += entry.Minutes;
        UpdatedAt = entry.CreatedAt;
        entry.StampBalanceAfter(Balance);
    }

    public static DomainException InsufficientPoints(int balance, int amount) =>
        DomainException.Conflict("points.insufficient", $"积分余额不足：当前 {balance} 分，本次需扣减 {-amount} 分。");
}

/// <summary>
/// Running per-member totals for one month and one place (community, grid), written in the same
/// transaction as each ledger entry so rankings never scan the ledger.
/// </summary>
public sealed class MonthlyTotal
{
    private MonthlyTotal() { }

    public int Period { get; private set; }
    public Guid MemberId { get; private set; }
    public Guid CommunityId { get; private set; }
    /// <summary><see cref="Guid.Empty"/> when the service was not tied to a grid.</summary>
    public Guid GridId { get; private set; }
    public int Points { get; private set; }
    public int Minutes { get; private set; }
}

/// <summary>Star levels by cumulative recorded hours (national practice).</summary>
public static class StarLevel
{
    private static readonly int[] ThresholdHours = [100, 300, 600, 1000, 1500];

    public static int ForMinutes(int minutes)
    {
        var level = 0;
        foreach (var hours in ThresholdHours)
            if (minutes >= hours * 60)
                level++;
        return level;
    }

    /// <summary>Hours still needed for the next star, or null at five stars.</summary>
    public static decimal? HoursToNext(int minutes)
    {
        var level = ForMinutes(minutes);
        return level >= ThresholdHours.Length ? null : Math.Round((ThresholdHours[level] * 60 - minutes) / 60m, 2);
    }
}
