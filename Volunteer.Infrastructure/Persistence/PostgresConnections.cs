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
/// </list>
/// </summary>
public static class PostgresConnections
{
    public const int MaxAutoPrepare = 64;

    public static string Tuned(string configured)
    {
        var builder = new NpgsqlConnectionStringBuilder(configured);
        var keys = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = configured }.Keys
            .Cast<string>().Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
        if (!keys.Contains("MAXAUTOPREPARE"))
            builder.MaxAutoPrepare = MaxAutoPrepare;
        if (!keys.Contains("NORESETONCLOSE"))
            builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }
}
