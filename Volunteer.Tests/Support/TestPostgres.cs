using Npgsql;

namespace Volunteer.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests use: <c>VOLUNTEER_TEST_POSTGRES</c> (set by .ci/run), or a local
/// default. Each test class gets a database of its own, dropped afterwards. Outside CI a missing
/// server skips the PostgreSQL tests; with CI=true it fails them.
/// </summary>
public static class TestPostgres
{
    public static readonly string AdminConnectionString =
        Environment.GetEnvironmentVariable("VOLUNTEER_TEST_POSTGRES")
        ?? "Host=127.0.0.1;Port=5432;Username=volunteer;Password=volunteer;Database=postgres";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static readonly Lazy<string?> Unreachable = new(() =>
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Timeout = 15, Pooling = false };
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            return null;
        }
        catch (Exception e)
        {
            return e.Message;
        }
    });

    /// <summary>Skips the calling test when PostgreSQL is unreachable outside CI; fails it in CI.</summary>
    public static void Require()
    {
        if (Unreachable.Value is not { } reason)
            return;
        if (IsCi)
            throw new InvalidOperationException($"CI=true and PostgreSQL is unreachable ({AdminConnectionString}): {reason}");
        Assert.Skip($"PostgreSQL is unreachable, skipping (set VOLUNTEER_TEST_POSTGRES or run .ci/run): {reason}");
    }

    public static bool Available => Unreachable.Value is null;

    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "vt_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString)
        {
            Database = name,
            MaxPoolSize = 30,
        }.ConnectionString;
    }

    /// <summary>
    /// Drops a test class's database. Retried, because under heavy load the server can be slow to let
    /// go of the class's connections; a database that still cannot be dropped is reported and left
    /// behind rather than failing tests that passed (CI machines are thrown away).
    /// </summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection) { CommandTimeout = 60 };
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (NpgsqlException e) when (attempt < 3)
            {
                Console.Error.WriteLine($"Dropping test database {name} failed ({e.Message}); retrying.");
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
            catch (NpgsqlException e)
            {
                Console.Error.WriteLine($"Warning: test database {name} was left behind: {e.Message}");
                return;
            }
        }
    }
}
