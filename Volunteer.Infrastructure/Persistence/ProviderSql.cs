using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Volunteer.Domain.Members;
using Volunteer.Domain.Rankings;
using Volunteer.Domain.Tasks;

namespace Volunteer.Infrastructure.Persistence;

/// <summary>
/// The provider adapter: the only place with SQL text or provider-specific types. Everything
/// else goes through LINQ. A MySQL deployment (Pomelo) would add its branch here.
/// </summary>
public static class ProviderSql
{
    /// <summary>
    /// Adds to a member's monthly running totals, creating the row on first use. The statement is
    /// the same on PostgreSQL and SQLite (3.24+): INSERT … ON CONFLICT DO UPDATE is atomic on both.
    /// </summary>
    public static Task<int> AddToMonthlyTotalAsync(VolunteerDbContext db, int period, Guid memberId, Guid communityId,
        Guid gridId, int points, int minutes, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "MonthlyTotals" ("Period", "MemberId", "CommunityId", "GridId", "Points", "Minutes")
            VALUES ({period}, {memberId}, {communityId}, {gridId}, {points}, {minutes})
            ON CONFLICT ("Period", "MemberId", "CommunityId", "GridId")
            DO UPDATE SET "Points" = "MonthlyTotals"."Points" + excluded."Points",
                          "Minutes" = "MonthlyTotals"."Minutes" + excluded."Minutes"
            """, ct);

    /// <summary>
    /// Locks a member's points account row until the transaction ends, so that operations which
    /// must see each other's effects for one member (redemptions: idempotency key, per-member
    /// limit, balance) run one after another. PostgreSQL: a row lock. SQLite: a no-op write, which
    /// takes the database's single write lock (already held by its BEGIN IMMEDIATE transactions).
    /// </summary>
    public static Task<int> LockPointsAccountAsync(VolunteerDbContext db, Guid memberId, CancellationToken ct) =>
        db.Database.IsNpgsql()
            ? db.Database.ExecuteSqlInterpolatedAsync($"""
                SELECT 1 FROM "PointsAccounts" WHERE "MemberId" = {memberId} FOR UPDATE
                """, ct)
            : db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE "PointsAccounts" SET "Balance" = "Balance" WHERE "MemberId" = {memberId}
                """, ct);
    // ---- Scheduled jobs (issue 4): rankings and the dual-evaluation report, set-based ----
    // Window functions (RANK() OVER) and WITH … INSERT … SELECT read the same on PostgreSQL and
    // SQLite 3.25+, so each statement below is one text for both providers.

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

    /// <summary>
    /// Gives a monthly job's transaction room to sort and hash a city's month in memory rather than
    /// on disk (PostgreSQL's default work_mem is 4 MB). Lasts until the transaction ends.
    /// </summary>
    public static Task PrepareBatchAsync(VolunteerDbContext db, CancellationToken ct) =>
        db.Database.IsNpgsql() ? db.Database.ExecuteSqlRawAsync("SET LOCAL work_mem = '64MB'", ct) : Task.CompletedTask;

    public sealed record RankedRow(Guid MemberId, int Value, int Rank);

    /// <summary>
    /// The live leaderboard of one scope for a month still running: the same rules as the snapshot,
    /// computed on the fly from the running totals of that one grid, community or street.
    /// </summary>
    public static async Task<(int Total, List<RankedRow> Rows)> LiveRankingAsync(VolunteerDbContext db, int period, RankingScope scope,
        Guid scopeId, RankingList list, RankingMetric metric, int depth, int offset, int limit, CancellationToken ct)
    {
        object[] args = [period, Guid.Empty, depth, scopeId, (int)list, (int)metric, limit, offset];
        var filter = scope switch
        {
            RankingScope.Grid => "t.\"GridId\" = {3}",
            RankingScope.Community => "t.\"CommunityId\" = {3}",
            RankingScope.Street => "c.\"StreetId\" = {3}",
            _ => throw new ArgumentOutOfRangeException(nameof(scope)),
        };
        const string chosen = """ WHERE "ListCode" = {4} AND "MetricCode" = {5} AND "Rank" <= {2}""";
        var countSql = $"""
            WITH {RankedCte([scope], filter)}
            SELECT CAST(COUNT(*) AS INTEGER) AS "Value" FROM ranked{chosen}
            """;
        var total = await db.Database.SqlQueryRaw<int>(countSql, args).SingleAsync(ct);
        if (total == 0 || offset >= total)
            return (total, []);
        var pageSql = $"""
            WITH {RankedCte([scope], filter)}
            SELECT "MemberId", CAST("Value" AS INTEGER) AS "Value", CAST("Rank" AS INTEGER) AS "Rank" FROM ranked{chosen}
            ORDER BY "Rank", "MemberId"
            LIMIT {"{6}"} OFFSET {"{7}"}
            """;
        var rows = await db.Database.SqlQueryRaw<RankedRow>(pageSql, args).ToListAsync(ct);
        return (total, rows);
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

    /// <summary>
    /// Compiles a month's 双评议 report with one INSERT … SELECT: every confirmed in-service party
    /// member with a home community, and their claims verified during the month on tasks of that
    /// community (count, minutes, ratings). Members who served nothing get a line of zeros.
    /// </summary>
    public static Task<int> InsertDualEvaluationAsync(VolunteerDbContext db, Domain.Common.Period period, CancellationToken ct)
    {
        // SQLite stores instants as UTC ticks (see SqliteVolunteerDbContext); PostgreSQL as timestamptz.
        object from = db.Database.IsSqlite() ? period.StartsAt.UtcTicks : period.StartsAt;
        object to = db.Database.IsSqlite() ? period.EndsAt.UtcTicks : period.EndsAt;
        var sql = $"""
            INSERT INTO "DualEvaluationEntries" ("Period", "MemberId", "StreetId", "CommunityId", "MemberName", "WorkUnit",
                                                 "PartyBranch", "Tasks", "Minutes", "RatingCount", "RatingSum", "Wishes")
            SELECT {"{0}"}, m."Id", c."StreetId", m."CommunityId", m."Name", m."PartyWorkUnit", m."PartyBranch",
                   COUNT(s."Id"), COALESCE(SUM(s."ServiceMinutes"), 0), COUNT(s."RatingStars"), COALESCE(SUM(s."RatingStars"), 0),
                   (SELECT COUNT(*) FROM "Claims" w JOIN "Tasks" wt ON wt."Id" = w."TaskId"
                    WHERE w."MemberId" = m."Id" AND wt."CommunityId" = m."CommunityId" AND wt."Category" = '{TaskCategory.MicroWish}'
                      AND w."Status" IN ('{ClaimStatus.Accepted}', '{ClaimStatus.CheckedIn}', '{ClaimStatus.CheckedOut}', '{ClaimStatus.Verified}')
                      AND w."ClaimedAt" >= {"{1}"} AND w."ClaimedAt" < {"{2}"})
            FROM "Members" m
            JOIN "Communities" c ON c."Id" = m."CommunityId"
            LEFT JOIN (
                SELECT cl."Id", cl."MemberId", cl."ServiceMinutes", cl."RatingStars", t."CommunityId"
                FROM "Claims" cl JOIN "Tasks" t ON t."Id" = cl."TaskId"
                WHERE cl."Status" = '{ClaimStatus.Verified}' AND cl."ReviewedAt" >= {"{1}"} AND cl."ReviewedAt" < {"{2}"}
            ) s ON s."MemberId" = m."Id" AND s."CommunityId" = m."CommunityId"
            WHERE m."PartyStatus" = '{PartyStatus.Confirmed}' AND m."PartyInService" AND m."PartyWorkUnit" IS NOT NULL
            GROUP BY m."Id", c."StreetId", m."CommunityId", m."Name", m."PartyWorkUnit", m."PartyBranch"
            """;
        return db.Database.ExecuteSqlRawAsync(sql, [period.Key, from, to], ct);
    }

    /// <summary>A unique index or primary key refused the write.</summary>
    public static bool IsUniqueViolation(Exception exception) => Find(exception) switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException lite => lite.SqliteErrorCode == 19 && lite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };

    /// <summary>Name of the violated constraint or index when the provider reports it, else its message.</summary>
    public static string? ViolatedConstraint(Exception exception) => Find(exception) switch
    {
        PostgresException pg => pg.ConstraintName,
        SqliteException lite => lite.Message,
        _ => null,
    };

    /// <summary>A CHECK constraint refused the write.</summary>
    public static bool IsCheckViolation(Exception exception) => Find(exception) switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.CheckViolation,
        SqliteException lite => lite.SqliteErrorCode == 19 && lite.SqliteExtendedErrorCode == 275,
        _ => false,
    };

    /// <summary>The database could not be reached or is shutting down: worth a 503, not a 500.</summary>
    public static bool IsUnavailable(Exception exception) => Find(exception) switch
    {
        NpgsqlException { IsTransient: true } => true,
        SqliteException lite => lite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED
        _ => false,
    };

    private static Exception? Find(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is PostgresException or NpgsqlException or SqliteException)
                return e;
        return null;
    }
}
