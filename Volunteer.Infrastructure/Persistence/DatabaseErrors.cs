using Microsoft.Data.Sqlite;
using Npgsql;

namespace Volunteer.Infrastructure.Persistence;

/// <summary>
/// What a provider's exception means (a unique or check constraint refused the write, the database is
/// unreachable), whichever provider raised it: the only place that knows the providers' error types.
/// </summary>
public static class DatabaseErrors
{
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
        // Shutdown (57P01 admin, 57P02 crash), not accepting connections yet (57P03), connection errors (08…).
        PostgresException pg when pg.SqlState is "57P01" or "57P02" or "57P03" || pg.SqlState.StartsWith("08", StringComparison.Ordinal) => true,
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
