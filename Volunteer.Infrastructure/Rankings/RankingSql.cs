using System.Collections.Concurrent;
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

    /// <summary>A place on the live board with the member's name as stored and, where known, masked (张*明).</summary>
    public sealed record NamedRow(Guid MemberId, string Name, int Value, int Rank, string? Masked = null);

    /// <summary>Everything one live-board request needs, read by <see cref="LiveBoardAsync"/>.</summary>
    /// <param name="Place">The grid, community or street asked for; null when it does not exist, or when the viewer's own was asked for and they have none.</param>
    /// <param name="ViewerStreetId">The street of the home community of <c>viewer</c>; null for anyone else.</param>
    /// <param name="Total">How many rows the board has (the first depth ranks, ties at the cut included).</param>
    /// <param name="Own">The viewer's own place at any depth; null when they have no positive value there or are not on the list.</param>
    public sealed record LiveBoard(RankingPlace? Place, Guid? ViewerStreetId, int Total, List<NamedRow> Rows, NamedRow? Own);

    /// <summary>One line of the board statement: 0 the place (Value = total), 1 a row of the page, 2 the viewer's own row.</summary>
    private sealed record BoardLine(int Kind, Guid? Id, string? Name, int Value, int Rank, Guid? StreetId, Guid? CommunityId, Guid? ViewerStreetId);

    private static readonly ConcurrentDictionary<(RankingScope, RankingList, RankingMetric, bool), string> BoardStatements = new();

    /// <summary>
    /// One request of the live leaderboard in one statement (one round trip): the place and its
    /// street, the viewer's street, the board's total, a page of it with the names, and the viewer's
    /// own place. The board is the monthly snapshot's rules and rows (ranks 1, 1, 3; the first
    /// <paramref name="depth"/> ranks, everyone tied at the last included), read from the per-scope
    /// running totals (<c>ScopeTotals</c>): rank ≤ depth means "at least the value of the depth-th row
    /// from the top", so the value index is walked from the top for that threshold and then for the
    /// rows at or above it, and only those are ranked. The viewer's own rank is their rank on the board
    /// when they are on it, else 1 + a range count over the value index above their value.
    /// </summary>
    /// <param name="scopeId">The place; null for the viewer's own grid, community or street (through their home).</param>
    /// <param name="viewer">The member whose own place and street are read (a resident); null for none.</param>
    public static async Task<LiveBoard> LiveBoardAsync(VolunteerDbContext db, int period, RankingScope scope, Guid? scopeId,
        RankingList list, RankingMetric metric, int depth, int offset, int limit, Guid? viewer, CancellationToken ct)
    {
        var sql = BoardStatements.GetOrAdd((scope, list, metric, scopeId is null),
            key => BoardSql(key.Item1, key.Item2, key.Item3, key.Item4));
        object[] args = [period, scope.ToString(), scopeId ?? Guid.Empty, depth - 1, limit, offset, viewer ?? Guid.Empty];
        var lines = await db.Database.SqlQueryRaw<BoardLine>(sql, args).ToListAsync(ct);
        var head = lines[0];
        var place = head.Id is { } id && head.StreetId is { } street
            ? new RankingPlace(scope, id, head.Name ?? "", street, head.CommunityId)
            : null;
        var rows = new List<NamedRow>(lines.Count);
        NamedRow? own = null;
        foreach (var line in lines.Skip(1))
        {
            var row = new NamedRow(line.Id!.Value, line.Name ?? "", line.Value, line.Rank);
            if (line.Kind == 1)
                rows.Add(row);
            else
                own = row;
        }
        return new LiveBoard(place, head.ViewerStreetId, head.Value, rows, own);
    }

    /// <summary>
    /// The board statement of one scope, list and metric. Parameters: {0} period, {1} scope name,
    /// {2} scope id, {3} depth − 1, {4} limit, {5} offset, {6} viewer. Only enum names and fixed
    /// fragments are spliced in.
    /// </summary>
    private static string BoardSql(RankingScope scope, RankingList list, RankingMetric metric, bool viewersOwn)
    {
        var id = !viewersOwn
            ? "{2}"
            : scope switch
            {
                RankingScope.Grid => """(SELECT "GridId" FROM "Members" WHERE "Id" = {6})""",
                RankingScope.Community => """(SELECT "CommunityId" FROM "Members" WHERE "Id" = {6})""",
                RankingScope.Street => """(SELECT c."StreetId" FROM "Members" m JOIN "Communities" c ON c."Id" = m."CommunityId" WHERE m."Id" = {6})""",
                _ => throw new ArgumentOutOfRangeException(nameof(scope)),
            };
        var place = scope switch
        {
            RankingScope.Grid => $$"""
                SELECT g."Id", c."Name" || ' ' || g."Name" AS "Name", c."StreetId", c."Id" AS "CommunityId"
                FROM "Grids" g JOIN "Communities" c ON c."Id" = g."CommunityId" WHERE g."Id" = {{id}}
                """,
            RankingScope.Community => $$"""
                SELECT c."Id", c."Name", c."StreetId", c."Id" AS "CommunityId" FROM "Communities" c WHERE c."Id" = {{id}}
                """,
            RankingScope.Street => $$"""
                SELECT s."Id", s."Name", s."Id" AS "StreetId", NULL AS "CommunityId" FROM "Streets" s WHERE s."Id" = {{id}}
                """,
            _ => throw new ArgumentOutOfRangeException(nameof(scope)),
        };
        var scoped = ScopedTotals(list, metric, id);
        var below = $$"""1 + (SELECT COUNT(*) {{scoped}} WHERE t."Value" > o."Value")""";
        return $$"""
            WITH place AS (
                {{place}}
            ),
            viewer AS (
                SELECT c."StreetId" FROM "Members" m JOIN "Communities" c ON c."Id" = m."CommunityId" WHERE m."Id" = {6}
            ),
            top AS (
                SELECT t."MemberId", t."Value" {{scoped}}
                WHERE t."Value" >= COALESCE((SELECT t."Value" {{scoped}} ORDER BY t."Value" DESC LIMIT 1 OFFSET {3}), 1)
            ),
            ranked AS (
                SELECT "MemberId", "Value", RANK() OVER (ORDER BY "Value" DESC) AS "Rank" FROM top
            ),
            page AS (
                SELECT "MemberId", "Value", "Rank" FROM ranked ORDER BY "Rank", "MemberId" LIMIT {4} OFFSET {5}
            ),
            own AS (
                SELECT t."MemberId", t."Value" {{scoped}} WHERE t."MemberId" = {6}
            )
            SELECT 0 AS "Kind", p."Id" AS "Id", p."Name" AS "Name", CAST((SELECT COUNT(*) FROM ranked) AS INTEGER) AS "Value",
                   0 AS "Rank", p."StreetId" AS "StreetId", p."CommunityId" AS "CommunityId", v."StreetId" AS "ViewerStreetId"
            FROM (SELECT 1 AS "One") one LEFT JOIN place p ON 1 = 1 LEFT JOIN viewer v ON 1 = 1
            UNION ALL
            SELECT 1, r."MemberId", m."Name", CAST(r."Value" AS INTEGER), CAST(r."Rank" AS INTEGER), NULL, NULL, NULL
            FROM page r LEFT JOIN "Members" m ON m."Id" = r."MemberId"
            UNION ALL
            SELECT 2, o."MemberId", m."Name", CAST(o."Value" AS INTEGER),
                   CAST(COALESCE((SELECT r."Rank" FROM ranked r WHERE r."MemberId" = o."MemberId"), {{below}}) AS INTEGER),
                   NULL, NULL, NULL
            FROM own o LEFT JOIN "Members" m ON m."Id" = o."MemberId"
            ORDER BY "Kind", "Rank", "Id"
            """;
    }

    /// <summary>
    /// The live leaderboard of one scope for a month still running, without names or access checks
    /// (see <see cref="LiveBoardAsync"/>, whose statement it runs).
    /// </summary>
    public static async Task<(int Total, List<RankedRow> Rows)> LiveRankingAsync(VolunteerDbContext db, int period, RankingScope scope,
        Guid scopeId, RankingList list, RankingMetric metric, int depth, int offset, int limit, CancellationToken ct)
    {
        var board = await LiveBoardAsync(db, period, scope, scopeId, list, metric, depth, offset, limit, null, ct);
        return (board.Total, board.Rows.Select(r => new RankedRow(r.MemberId, r.Value, r.Rank)).ToList());
    }

    /// <summary>
    /// A member's own place on the live board of a scope, at any depth: their value, and 1 + the number
    /// of members above it (competition ranking, as the board); null when the member has no positive
    /// value there or is not on the list (see <see cref="LiveBoardAsync"/>, whose statement it runs).
    /// </summary>
    public static async Task<RankedRow?> LiveRankOfAsync(VolunteerDbContext db, int period, RankingScope scope, Guid scopeId,
        RankingList list, RankingMetric metric, Guid memberId, CancellationToken ct) =>
        (await LiveBoardAsync(db, period, scope, scopeId, list, metric, Ranking.SnapshotDepth, 0, 0, memberId, ct)).Own is { } own
            ? new RankedRow(own.MemberId, own.Value, own.Rank)
            : null;

    /// <summary>A member's value on one scope's live board.</summary>
    public sealed record MemberValue(Guid MemberId, int Value);

    /// <summary>
    /// Every member of one scope's live board with their value, in no order (<see cref="KeptBoard"/> sorts
    /// them in memory: sorting 100,000 rows in PostgreSQL spilled to disk): one pass over the scope's part of
    /// the value index, read for <see cref="LiveBoards"/>.
    /// </summary>
    public static async Task<List<MemberValue>> ScopeValuesAsync(VolunteerDbContext db, int period, RankingScope scope, Guid scopeId,
        RankingList list, RankingMetric metric, CancellationToken ct)
    {
        var sql = $"""
            SELECT t."MemberId", CAST(t."Value" AS INTEGER) AS "Value" {ScopedTotals(list, metric)}
            """;
        return await db.Database.SqlQueryRaw<MemberValue>(sql, [period, scope.ToString(), scopeId]).ToListAsync(ct);
    }

    /// <summary>
    /// FROM clause of one scope's members with a positive value in the metric, as <c>t."MemberId"</c>
    /// and <c>t."Value"</c>, narrowed to the list (party membership as it stands now). Parameters:
    /// {0} period, {1} scope name, {2} scope id.
    /// </summary>
    private static string ScopedTotals(RankingList list, RankingMetric metric, string scopeId = "{2}")
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
                  WHERE s."Period" = {"{0}"} AND s."Scope" = {"{1}"} AND s."ScopeId" = {scopeId} AND s.{value} > 0) t
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
