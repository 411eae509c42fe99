using Volunteer.Domain.Common;

namespace Volunteer.Domain.Rankings;

/// <summary>Where a ranking is drawn up: the place where the points were earned.</summary>
public enum RankingScope
{
    /// <summary>网格</summary>
    Grid,
    /// <summary>社区 / 村</summary>
    Community,
    /// <summary>街道</summary>
    Street,
}

/// <summary>Who is ranked against whom.</summary>
public enum RankingList
{
    /// <summary>党员榜: confirmed party members.</summary>
    Party,
    /// <summary>居民榜: everyone who is not a confirmed party member.</summary>
    Residents,
    /// <summary>总榜</summary>
    Everyone,
}

public enum RankingMetric
{
    /// <summary>积分: points earned by service in the month (with staff corrections).</summary>
    Points,
    /// <summary>服务时长: verified service time in the month (stored in minutes).</summary>
    Hours,
}

/// <summary>
/// One line of a month's ranking snapshot: a member's value and rank in one scope, list and metric.
/// Written once by the monthly ranking job and never changed; the same rules re-derive it from the
/// ledger (<see cref="Ranking"/>).
/// </summary>
public sealed class RankingEntry
{
    private RankingEntry() { }

    public int Period { get; private set; }
    public RankingScope Scope { get; private set; }
    /// <summary>The grid, community or street id, per <see cref="Scope"/>.</summary>
    public Guid ScopeId { get; private set; }
    public RankingList List { get; private set; }
    public RankingMetric Metric { get; private set; }
    public Guid MemberId { get; private set; }
    /// <summary>Points, or minutes of service for <see cref="RankingMetric.Hours"/>.</summary>
    public int Value { get; private set; }
    /// <summary>Competition rank: ties share a rank and the next rank skips (1, 1, 3).</summary>
    public int Rank { get; private set; }
}

/// <summary>The ranking rules, shared by the snapshot (in SQL), the live leaderboard and re-derivation.</summary>
public static class Ranking
{
    /// <summary>
    /// A snapshot keeps the first 100 ranks of each scope, list and metric, and everyone tied at the
    /// 100th. Recognition needs at most the top 100 (<see cref="Recognition.HonorSettings.MaxTopN"/>),
    /// and a street of 35,000 residents would otherwise store a row per active member six times over
    /// every month; a member's own standing and the full public board come from the running totals.
    /// </summary>
    public const int SnapshotDepth = 100;

    /// <summary>
    /// Whether a member is ranked on the party list. Party membership is taken as it stands when
    /// the snapshot is computed (01:00 on the 1st): confirmed members are party members. A later
    /// change does not rewrite a month already ranked.
    /// </summary>
    public static RankingList ListOf(bool confirmedPartyMember) => confirmedPartyMember ? RankingList.Party : RankingList.Residents;

    /// <summary>Only members with something to show are ranked: positive points, or some service time.</summary>
    public static bool Counts(int value) => value > 0;

    /// <summary>
    /// Competition ranking ("1224"): highest value first, equal values share a rank, and the next
    /// rank is one more than the number of members ahead. Order among equals is by member id, so the
    /// result is deterministic.
    /// </summary>
    public static IReadOnlyList<(Guid MemberId, int Value, int Rank)> Rank(IEnumerable<(Guid MemberId, int Value)> values, int depth = SnapshotDepth)
    {
        var ordered = values.Where(v => Counts(v.Value)).OrderByDescending(v => v.Value).ThenBy(v => v.MemberId).ToList();
        var ranked = new List<(Guid, int, int)>(Math.Min(ordered.Count, depth + 8));
        for (var i = 0; i < ordered.Count; i++)
        {
            var rank = i > 0 && ordered[i].Value == ordered[i - 1].Value ? ranked[i - 1].Item3 : i + 1;
            if (rank > depth)
                break;
            ranked.Add((ordered[i].MemberId, ordered[i].Value, rank));
        }
        return ranked;
    }
}
