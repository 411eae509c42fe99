using Microsoft.EntityFrameworkCore;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Persistence;

/// <summary>Fails when the model changes without a migration for that provider (eng/migrations/add-migration.sh).</summary>
public abstract class MigrationDriftTests(ApiFactory api)
{
    [Fact]
    public async Task The_model_matches_the_migrations()
    {
        var pending = await api.DbAsync(db => Task.FromResult(db.Database.HasPendingModelChanges()));
        Assert.False(pending, "The EF model has changes no migration describes: run eng/migrations/add-migration.sh <Name>.");
    }

    [Fact]
    public async Task Every_migration_is_applied_at_start_up()
    {
        var pending = await api.DbAsync(async db => (await db.Database.GetPendingMigrationsAsync()).ToList());
        var applied = await api.DbAsync(async db => (await db.Database.GetAppliedMigrationsAsync()).ToList());
        Assert.Empty(pending);
        Assert.NotEmpty(applied);
    }
}

public sealed class MigrationDriftOnPostgres(PostgresApi api) : MigrationDriftTests(api), IClassFixture<PostgresApi>;

public sealed class MigrationDriftOnSqlite(SqliteApi api) : MigrationDriftTests(api), IClassFixture<SqliteApi>;
