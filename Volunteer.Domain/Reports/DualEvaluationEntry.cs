namespace Volunteer.Domain.Reports;

/// <summary>
/// 双评议: one in-service party member's line of a month's report to their work unit's party
/// organisation — the service they did, verified, in the community where they live. Kept as it was
/// compiled, with names as they were then, because the report is sent out and must not change.
/// Members who served nothing are listed too: the work unit wants to know that as well.
/// </summary>
public sealed class DualEvaluationEntry
{
    private DualEvaluationEntry() { }

    public int Period { get; private set; }
    public Guid MemberId { get; private set; }
    public Guid StreetId { get; private set; }
    /// <summary>The home community (where the member registered, 双报到).</summary>
    public Guid CommunityId { get; private set; }
    public string MemberName { get; private set; } = "";
    public string WorkUnit { get; private set; } = "";
    public string? PartyBranch { get; private set; }
    /// <summary>Verified claims in the home community during the month.</summary>
    public int Tasks { get; private set; }
    public int Minutes { get; private set; }
    /// <summary>微心愿 the member adopted in the home community during the month (claims taken and not given up).</summary>
    public int Wishes { get; private set; }
    public int RatingCount { get; private set; }
    public int RatingSum { get; private set; }

    /// <summary>Average stars of the rated services, one decimal; null when none was rated.</summary>
    public decimal? AverageRating => AverageOf(RatingSum, RatingCount);

    public static decimal? AverageOf(int sum, int count) =>
        count == 0 ? null : Math.Round((decimal)sum / count, 1, MidpointRounding.AwayFromZero);
}
