using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Rankings;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Points;

/// <summary>
/// The points feature's SQL: the running totals written with each ledger entry and the lock that
/// serialises one member's redemptions. Everything else in the feature goes through LINQ.
/// </summary>
public static class PointsSql
{
    /// <summary>
    /// Adds to a member's monthly running totals, creating the rows on first use: the per-place row
    /// (<c>MonthlyTotals</c>: member, community, grid) and the per-scope rows the live leaderboard
    /// reads (<c>ScopeTotals</c>: the grid if any, the community, and the community's street). One
    /// command, two statements, the same text on PostgreSQL and SQLite (3.24+): INSERT … ON
    /// CONFLICT DO UPDATE is atomic on both. Runs inside the transaction of the ledger entry.
    /// </summary>
    public static Task<int> AddToMonthlyTotalAsync(VolunteerDbContext db, int period, Guid memberId, Guid communityId,
        Guid gridId, int points, int minutes, CancellationToken ct)
    {
        var grid = gridId == Guid.Empty ? "" : $"""
            SELECT '{RankingScope.Grid}' AS "Scope", {"{3}"} AS "ScopeId"
                UNION ALL
            """;
        var sql = $"""
            INSERT INTO "MonthlyTotals" ("Period", "MemberId", "CommunityId", "GridId", "Points", "Minutes")
            VALUES ({"{0}"}, {"{1}"}, {"{2}"}, {"{3}"}, {"{4}"}, {"{5}"})
            ON CONFLICT ("Period", "MemberId", "CommunityId", "GridId")
            DO UPDATE SET "Points" = "MonthlyTotals"."Points" + excluded."Points",
                          "Minutes" = "MonthlyTotals"."Minutes" + excluded."Minutes";
            INSERT INTO "ScopeTotals" ("Period", "Scope", "ScopeId", "MemberId", "Points", "Minutes")
            SELECT {"{0}"}, s."Scope", s."ScopeId", {"{1}"}, {"{4}"}, {"{5}"}
            FROM ({grid}
                SELECT '{RankingScope.Community}' AS "Scope", {"{2}"} AS "ScopeId"
                UNION ALL
                SELECT '{RankingScope.Street}', c."StreetId" FROM "Communities" c WHERE c."Id" = {"{2}"}) s
            WHERE TRUE
            ON CONFLICT ("Period", "Scope", "ScopeId", "MemberId")
            DO UPDATE SET "Points" = "ScopeTotals"."Points" + excluded."Points",
                          "Minutes" = "ScopeTotals"."Minutes" + excluded."Minutes"
            """;
        return db.Database.ExecuteSqlRawAsync(sql, [period, memberId, communityId, gridId, points, minutes], ct);
    }

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
}
