using Npgsql;

namespace Volunteer.Infrastructure.Persistence;

/// <summary>
/// Settings of the product's own PostgreSQL connections (EF Core's pool; the job server keeps the
/// connection string as configured), applied unless the configured connection string sets them:
/// <list type="bullet">
/// <item><c>Max Auto Prepare=64</c>: a statement the app sends again and again (a claim's read, its
/// slot update and inserts; the hot reads) is prepared on the connection after a few uses, so the
/// server no longer parses and plans it each time.</item>
/// <item><c>No Reset On Close=true</c>: a connection going back to the pool is not reset
/// (<c>DISCARD ALL</c>, or with prepared statements a five-statement reset) before its next request.
/// Nothing the product does leaves session state behind: no <c>SET</c> outside a transaction
/// (<c>SET LOCAL</c> ends with it), no temporary tables, no session advisory locks, no
/// <c>LISTEN</c>; an open transaction is still rolled back when a connection is returned.</item>
/// <item><c>Maximum Pool Size=16</c> (Npgsql's default is 100): Npgsql hands idle connections out first in, first
/// out, so once a burst has grown the pool every later request takes the connection idle longest, and a steady
/// load of 8 requests at a time goes round all the backends the burst opened instead of the same 8. Measured
/// (issue 12, fifth claims pass): after a burst of 64, claims at 8 at a time went through all 64 backends, and
/// PostgreSQL spent 1.2 ms of CPU per claim instead of 0.7 ms (a backend woken once in 64 claims runs with cold
/// caches); with 16 it spent 0.8–0.9 ms, and at 64 requests at a time 0.7–0.8 ms instead of 1.05 ms, with more
/// claims per second at both. A request beyond the 16 waits for a connection in turn (up to Npgsql's
/// <c>Timeout</c>, 15 s). A database server with many cores may be given more in the connection string.</item>
/// </list>
/// </summary>
public static class PostgresConnections
{
    public const int MaxAutoPrepare = 64;

    /// <summary>The pool's ceiling, unless the connection string names one (see the class).</summary>
    public const int MaxPoolSize = 16;

    public static string Tuned(string configured)
    {
        var builder = new NpgsqlConnectionStringBuilder(configured);
        var keys = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured }.Keys
            .Cast<string>().Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
        if (!keys.Contains("MAXAUTOPREPARE"))
            builder.MaxAutoPrepare = MaxAutoPrepare;
        if (!keys.Contains("NORESETONCLOSE"))
            builder.NoResetOnClose = true;
        if (!keys.Contains("MAXIMUMPOOLSIZE"))
            builder.MaxPoolSize = MaxPoolSize;
        return builder.ConnectionString;
    }
}
