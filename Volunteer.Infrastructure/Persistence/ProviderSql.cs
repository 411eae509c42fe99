using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

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
