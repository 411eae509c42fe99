using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Members;
using Volunteer.Domain.Rankings;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Rankings;

/// <summary>
/// The rankings' SQL: the monthly snapshot and the live leaderboard, set-based. Window functions
/// (RANK() OVER) and WITH … INSERT … SELECT read the same on PostgreSQL and SQLite 3.25+, so each
/// statement is one text for both providers.
/// </summary>
public static class RankingSql
{
    /// <summary>
    /// Writes a month's whole ranking snapshot with one INSERT … SELECT: the month's running totals,
    /// read once, summed per member and grid, community and street, split into the three lists,
    /// ranked per scope, list and metric with RANK() (ties share a rank), the first
    /// <paramref name="depth"/> ranks kept. No member is loaded into the process.
    /// </summary>
    public static Task<int> InsertRankingSnapshotAsync(VolunteerDbContext db, int period, int depth, CancellationToken ct)
    {
        // Only enum names, their codes and fixed fragments are spliced in; every value is a parameter.
        var sql = $"""
            WITH {RankedCte([RankingScope.Grid, RankingScope.Community, RankingScope.Street], filter: null)}
            INSERT INTO "RankingEntries" ("Period", "Scope", "ScopeId", "List", "Metric", "MemberId", "Value", "Rank")
            SELECT {"{0}"}, {NameOf<RankingScope>("\"ScopeCode\"")}, "ScopeId", {NameOf<RankingList>("\"ListCode\"")},
                   {NameOf<RankingMetric>("\"MetricCode\"")}, "MemberId", "Value", "Rank"
            FROM ranked
            WHERE "Rank" <= {"{2}"}
            """;
        return db.Database.ExecuteSqlRawAsync(sql, [period, Guid.Empty, depth], ct);
    }

    public sealed record RankedRow(Guid MemberId, int Value, int Rank);

    private sealed record LiveRow(Guid MemberId, int Value, int Rank, int Total);

    /// <summary>
    /// The live leaderboard of one scope for a month still running: the same rules and the same rows
    /// as the snapshot (ranks 1, 1, 3; the first <paramref name="depth"/> ranks, everyone tied at the
    /// last included), read from the per-scope running totals (<c>ScopeTotals</c>). Rank ≤ depth
    /// means "at least the value of the depth-th row from the top", so the value index is walked
    /// from the top for that threshold and then for the rows at or above it; only those rows are
    /// ranked. The cost follows the depth, not the number of members in the scope.
    /// </summary>
    public static async Task<(int Total, List<RankedRow> Rows)> LiveRankingAsync(VolunteerDbContext db, int period, RankingScope scope,
        Guid scopeId, RankingList list, RankingMetric metric, int depth, int offset, int limit, CancellationToken ct)
    {
        object[] args = [period, scope.ToString(), scopeId, depth - 1, limit, offset];
        var scoped = ScopedTotals(list, metric);
        var top = $"""
            WITH top AS (
                SELECT t."MemberId", t."Value" {scoped}
                WHERE t."Value" >= COALESCE((SELECT t."Value" {scoped} ORDER BY t."Value" DESC LIMIT 1 OFFSET {"{3}"}), 1)
            ),
            ranked AS (
                SELECT "MemberId", "Value", RANK() OVER (ORDER BY "Value" DESC) AS "Rank", COUNT(*) OVER () AS "Total" FROM top
            )
            """;
        var pageSql = $"""
            {top}
            SELECT "MemberId", CAST("Value" AS INTEGER) AS "Value", CAST("Rank" AS INTEGER) AS "Rank", CAST("Total" AS INTEGER) AS "Total"
            FROM ranked
            ORDER BY "Rank", "MemberId"
            LIMIT {"{4}"} OFFSET {"{5}"}
            """;
        var rows = await db.Database.SqlQueryRaw<LiveRow>(pageSql, args).ToListAsync(ct);
        if (rows.Count > 0)
            return (rows[0].Total, rows.Select(r => new RankedRow(r.MemberId, r.Value, r.Rank)).ToList());
        if (offset == 0)
            return (0, []);
        // A page past the end: the total alone.
        var countSql = $"""
            {top}
            SELECT CAST(COUNT(*) AS INTEGER) AS "Value" FROM ranked
            """;
        var total = await db.Database.SqlQueryRaw<int>(countSql, args).SingleAsync(ct);
        return (total, []);
    }

    /// <summary>
    /// A member's own place on the live board of a scope, at any depth: their value, and 1 + the number
    /// of members above it (competition ranking, as the board). The count is a range over the value
    /// index; null when the member has no positive value there or is not on the list.
    /// </summary>
    public static async Task<RankedRow?> LiveRankOfAsync(VolunteerDbContext db, int period, RankingScope scope, Guid scopeId,
        RankingList list, RankingMetric metric, Guid memberId, CancellationToken ct)
    {
        var scoped = ScopedTotals(list, metric);
        var sql = $"""
            SELECT "MemberId", CAST("Value" AS INTEGER) AS "Value",
                   CAST(1 + (SELECT COUNT(*) {scoped} WHERE t."Value" > own."Value") AS INTEGER) AS "Rank"
            FROM (SELECT t."MemberId", t."Value" {scoped} WHERE t."MemberId" = {"{3}"}) own
            """;
        return await db.Database.SqlQueryRaw<RankedRow>(sql, [period, scope.ToString(), scopeId, memberId]).SingleOrDefaultAsync(ct);
    }

    /// <summary>
    /// FROM clause of one scope's members with a positive value in the metric, as <c>t."MemberId"</c>
    /// and <c>t."Value"</c>, narrowed to the list (party membership as it stands now). Parameters:
    /// {0} period, {1} scope name, {2} scope id.
    /// </summary>
    private static string ScopedTotals(RankingList list, RankingMetric metric)
    {
        var value = metric == RankingMetric.Points ? "\"Points\"" : "\"Minutes\"";
        var member = list switch
        {
            RankingList.Everyone => "",
            RankingList.Party => $" JOIN \"Members\" m ON m.\"Id\" = s.\"MemberId\" AND m.\"PartyStatus\" = '{PartyStatus.Confirmed}'",
            RankingList.Residents => $" JOIN \"Members\" m ON m.\"Id\" = s.\"MemberId\" AND m.\"PartyStatus\" <> '{PartyStatus.Confirmed}'",
            _ => throw new ArgumentOutOfRangeException(nameof(list)),
        };
        return $"""
            FROM (SELECT s."MemberId", s.{value} AS "Value" FROM "ScopeTotals" s{member}
                  WHERE s."Period" = {"{0}"} AND s."Scope" = {"{1}"} AND s."ScopeId" = {"{2}"} AND s.{value} > 0) t
            """;
    }

    /// <summary>
    /// The common table expressions ending in <c>ranked</c>, for the given scopes. Parameter {0} is
    /// the period and {1} the empty grid id (service not tied to a grid is not ranked by grid).
    /// <c>month_totals</c> reads the month's totals once, with each member's list (party membership as
    /// it stands now) and each place's street; the groupings sum them per member and place. Scope,
    /// list and metric travel as their small integer codes: a city's month is millions of rows to
    /// sort, and narrow rows sort several times faster than rows carrying the names.
    /// </summary>
    private static string RankedCte(IReadOnlyList<RankingScope> scopes, string? filter)
    {
        var groupings = scopes.Select(scope =>
        {
            var column = scope switch
            {
                RankingScope.Grid => "\"GridId\"",
                RankingScope.Community => "\"CommunityId\"",
                RankingScope.Street => "\"StreetId\"",
                _ => throw new ArgumentOutOfRangeException(nameof(scopes)),
            };
            var where = scope == RankingScope.Grid ? " WHERE \"GridId\" <> {1}" : "";
            return $"""
                SELECT {(int)scope} AS "ScopeCode", {column} AS "ScopeId", "MemberId", MAX("Party") AS "Party",
                       SUM("Points") AS "Points", SUM("Minutes") AS "Minutes"
                FROM month_totals{where}
                GROUP BY {column}, "MemberId"
                """;
        });
        return $"""
            month_totals AS (
                SELECT t."MemberId", t."GridId", t."CommunityId", c."StreetId", t."Points", t."Minutes",
                       CASE WHEN m."PartyStatus" = '{PartyStatus.Confirmed}' THEN 1 ELSE 0 END AS "Party"
                FROM "MonthlyTotals" t
                JOIN "Communities" c ON c."Id" = t."CommunityId"
                JOIN "Members" m ON m."Id" = t."MemberId"
                WHERE t."Period" = {"{0}"}{(filter is null ? "" : " AND " + filter)}
            ),
            totals AS (
                {string.Join("\n    UNION ALL\n", groupings)}
            ),
            listed AS (
                SELECT "ScopeCode", "ScopeId", "MemberId", "Points", "Minutes", {(int)RankingList.Everyone} AS "ListCode" FROM totals
                UNION ALL
                SELECT "ScopeCode", "ScopeId", "MemberId", "Points", "Minutes",
                       CASE WHEN "Party" = 1 THEN {(int)RankingList.Party} ELSE {(int)RankingList.Residents} END
                FROM totals
            ),
            measured AS (
                SELECT "ScopeCode", "ScopeId", "MemberId", "ListCode", {(int)RankingMetric.Points} AS "MetricCode", "Points" AS "Value"
                FROM listed WHERE "Points" > 0
                UNION ALL
                SELECT "ScopeCode", "ScopeId", "MemberId", "ListCode", {(int)RankingMetric.Hours}, "Minutes"
                FROM listed WHERE "Minutes" > 0
            ),
            ranked AS (
                SELECT "ScopeCode", "ScopeId", "MemberId", "ListCode", "MetricCode", "Value",
                       RANK() OVER (PARTITION BY "ScopeCode", "ScopeId", "ListCode", "MetricCode" ORDER BY "Value" DESC) AS "Rank"
                FROM measured
            )
            """;
    }

    /// <summary>CASE expression turning an enum's code back into the name it is stored as.</summary>
    private static string NameOf<T>(string code) where T : struct, Enum =>
        $"CASE {code} {string.Join(" ", Enum.GetValues<T>().Select(v => $"WHEN {Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)} THEN '{v}'"))} END";
}
