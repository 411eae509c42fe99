namespace Volunteer.Domain.Satisfaction;

/// <summary>The three levels residents judge a service or their community by (满意度).</summary>
public enum SatisfactionLevel
{
    /// <summary>满意</summary>
    Satisfied,
    /// <summary>基本满意</summary>
    BasicallySatisfied,
    /// <summary>不满意</summary>
    Dissatisfied,
}

/// <summary>
/// Counts of the three levels and their shares (percent, one decimal; shares of an empty tally are
/// null, not 0 — "nobody answered" is not "nobody was satisfied").
/// </summary>
public sealed record SatisfactionTally(int Satisfied, int BasicallySatisfied, int Dissatisfied)
{
    public const int MaxCommentLength = 500;

    public static readonly SatisfactionTally Empty = new(0, 0, 0);

    public int Total => Satisfied + BasicallySatisfied + Dissatisfied;

    public decimal? SatisfiedShare => Share(Satisfied);
    public decimal? BasicallySatisfiedShare => Share(BasicallySatisfied);
    public decimal? DissatisfiedShare => Share(Dissatisfied);

    public static SatisfactionTally Of(IEnumerable<SatisfactionLevel> levels)
    {
        int s = 0, b = 0, d = 0;
        foreach (var level in levels)
        {
            switch (level)
            {
                case SatisfactionLevel.Satisfied: s++; break;
                case SatisfactionLevel.BasicallySatisfied: b++; break;
                case SatisfactionLevel.Dissatisfied: d++; break;
                default: throw new ArgumentOutOfRangeException(nameof(levels));
            }
        }
        return new SatisfactionTally(s, b, d);
    }

    public SatisfactionTally Plus(SatisfactionTally other) =>
        new(Satisfied + other.Satisfied, BasicallySatisfied + other.BasicallySatisfied, Dissatisfied + other.Dissatisfied);

    private decimal? Share(int count) => Total == 0 ? null : Math.Round(count * 100m / Total, 1, MidpointRounding.AwayFromZero);
}

/// <summary>Shares and middles for the statistics.</summary>
public static class Figures
{
    /// <summary>Percent with one decimal; null when there is nothing to divide by.</summary>
    public static decimal? Percent(int part, int whole) =>
        whole == 0 ? null : Math.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero);

    /// <summary>The median (mean of the two middle values for an even count); null for none.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
            return null;
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
