using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Volunteer.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Which database the product runs on. PostgreSQL when <c>ConnectionStrings:Postgres</c> is set;
/// otherwise the embedded SQLite file (<c>ConnectionStrings:Sqlite</c>, default <c>App_Data/volunteer.db</c>).
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>
    /// EF Core's thread-safety checks (<c>Database:ThreadSafetyChecks</c>): a context used by two threads at once
    /// throws instead of corrupting its state. They cost an <c>AsyncLocal</c> write on entering and leaving every
    /// query step (~10 % of the bytes a task-list request allocates), so they are off in production and in the load
    /// benchmark, where no code shares a context between threads, and on in Development and the test suite
    /// (the <c>Testing</c> environment), which is where such a bug would be caught. Settings made in code (tools, tests)
    /// keep them on.
    /// </summary>
    public bool ThreadSafetyChecks { get; init; } = true;

    public static DatabaseSettings From(IConfiguration configuration, string contentRoot, bool threadSafetyChecksByDefault = false) =>
        Of(configuration, contentRoot) with
        {
            ThreadSafetyChecks = configuration.GetValue("Database:ThreadSafetyChecks", threadSafetyChecksByDefault),
        };

    private static DatabaseSettings Of(IConfiguration configuration, string contentRoot)
    {
        var postgres = configuration.GetConnectionString("Postgres");
        if (!string.IsNullOrWhiteSpace(postgres))
            return new DatabaseSettings(DatabaseProvider.Postgres, postgres);

        var sqlite = configuration.GetConnectionString("Sqlite");
        if (string.IsNullOrWhiteSpace(sqlite))
        {
            var folder = Path.Combine(contentRoot, "App_Data");
            sqlite = $"Data Source={Path.Combine(folder, "volunteer.db")}";
        }
        var builder = new SqliteConnectionStringBuilder(sqlite) { ForeignKeys = true };
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(file)) is { } dir)
            Directory.CreateDirectory(dir);
        return new DatabaseSettings(DatabaseProvider.Sqlite, builder.ToString());
    }
}

public static class PersistenceSetup
{
    public static IServiceCollection AddVolunteerPersistence(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton<Rankings.LiveBoardChanges>();
        services.AddSingleton<Rankings.LiveBoards>();
        services.AddSingleton<PositionalParameters>();
        services.AddSingleton<Tasks.TaskListChanges>();
        // Contexts are pooled and their options built once, not for every request's context: building them
        // parsed the connection string twice and ran EF Core's options set-up on each request (issue 12).
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            var connectionString = PostgresConnections.Tuned(settings.ConnectionString);
            services.AddDbContextPool<VolunteerDbContext, PostgresVolunteerDbContext>((sp, o) =>
                o.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory"))
                    .AddInterceptors(sp.GetRequiredService<Rankings.LiveBoardChanges>(),
                        sp.GetRequiredService<PositionalParameters>(), sp.GetRequiredService<Tasks.TaskListChanges>())
                    .EnableThreadSafetyChecks(settings.ThreadSafetyChecks)
                    .UseCompiledModel(typeof(PostgresVolunteerDbContext)));
        }
        else
        {
            services.AddDbContextPool<VolunteerDbContext, SqliteVolunteerDbContext>((sp, o) =>
                o.UseSqlite(settings.ConnectionString).AddInterceptors(new SqlitePragmas(), sp.GetRequiredService<Rankings.LiveBoardChanges>(),
                        sp.GetRequiredService<Tasks.TaskListChanges>())
                    .EnableThreadSafetyChecks(settings.ThreadSafetyChecks)
                    .UseCompiledModel(typeof(SqliteVolunteerDbContext)));
        }
        return services;
    }

    /// <summary>
    /// Applies the migrations of the configured provider; run once at start-up. An up-to-date database
    /// (the usual restart) costs one read of the history table: Migrate itself would also build the
    /// migrations' model and compare it with the current one (its pending-model-changes check), start-up
    /// work for nothing.
    /// Instances starting together all migrate; EF Core's migration lock lets one apply each migration.
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VolunteerDbContext>();
        if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
            await db.Database.MigrateAsync(ct);
    }
}

/// <summary>
/// WAL lets readers work while one writer writes; the busy timeout makes concurrent writers wait
/// for each other instead of failing at once.
/// </summary>
internal sealed class SqlitePragmas : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public override void ConnectionOpened(System.Data.Common.DbConnection connection,
        Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection,
        Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(System.Data.Common.DbConnection connection)
    {
        // SHA-256 for the hand-written migration that chains ledger entries written before the chain.
        if (connection is SqliteConnection sqlite)
            sqlite.CreateFunction("volunteer_sha256", (string text) => Domain.Points.LedgerChain.Sha256Hex(text), isDeterministic: true);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";
        command.ExecuteNonQuery();
    }
}
