using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Persistence;

/// <summary>
/// Notifications written before the mini-program's pages were named in one place linked to pages that never
/// existed; the migration MiniProgramLinks points them at the real ones, and leaves every other link alone.
/// </summary>
public sealed class NotificationLinksMigrationTests
{
    [Theory]
    [InlineData(Provider.Postgres)]
    [InlineData(Provider.Sqlite)]
    public async Task Old_links_lead_to_the_pages_the_mini_program_has(Provider provider)
    {
        if (provider == Provider.Postgres)
            TestPostgres.Require();
        var folder = provider == Provider.Sqlite ? Directory.CreateTempSubdirectory("volunteer-links-").FullName : null;
        var connection = provider == Provider.Postgres
            ? await TestPostgres.CreateDatabaseAsync()
            : $"Data Source={Path.Combine(folder!, "volunteer.db")}";
        var settings = new DatabaseSettings(provider == Provider.Postgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, connection);
        var (task, redemption, escalation, claim, need) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var links = new Dictionary<string, string>
        {
            [$"pages/tasks/detail?id={task:N}"] = $"pages/task-detail/index?id={task:N}",
            [$"pages/redemptions/detail?id={redemption:N}"] = $"pages/codes/index?id={redemption:N}",
            [$"pages/escalations/detail?id={escalation:N}"] = $"pages/escalation/index?id={escalation:N}",
            [$"pages/claims/detail?id={claim:N}"] = "pages/claims/index",
            [$"pages/needs/detail?id={need:N}"] = "pages/need/index",
            ["pages/me/index"] = "pages/profile/index",
            ["pages/me/honors"] = "pages/rankings/index",
            // Staff's console links were right and stay as they are.
            [$"/console/needs/{need}"] = $"/console/needs/{need}",
            ["/console/escalations"] = "/console/escalations",
        };
        try
        {
            await using var services = new ServiceCollection().AddLogging().AddVolunteerPersistence(settings).BuildServiceProvider();
            var ids = new Dictionary<Guid, string>();
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<VolunteerDbContext>();
                var migrator = db.GetService<IMigrator>();
                var before = db.Database.GetMigrations().TakeWhile(m => !m.EndsWith("_MiniProgramLinks", StringComparison.Ordinal)).Last();
                await migrator.MigrateAsync(before);
                var at = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
                foreach (var old in links.Keys)
                {
                    var id = Guid.NewGuid();
                    ids[id] = old;
                    await RunAsync(db,
                        $"""INSERT INTO "Notifications" ("Id", "Body", "CreatedAt", "Kind", "Link", "ReadAt", "RecipientId", "RecipientKind", "SubjectId", "TemplateData", "Title") VALUES ({G(provider, id)}, '正文', {T(provider, at)}, 'ClaimAccepted', '{old}', NULL, {G(provider, Guid.NewGuid())}, 'Member', {G(provider, Guid.NewGuid())}, '[]', '标题')""");
                }

                await migrator.MigrateAsync();
            }

            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<VolunteerDbContext>();
                var stored = await db.Notifications.AsNoTracking().ToDictionaryAsync(n => n.Id, n => n.Link);
                Assert.Equal(ids.Count, stored.Count);
                foreach (var (id, old) in ids)
                    Assert.Equal(links[old], stored[id]);
            }
        }
        finally
        {
            if (provider == Provider.Postgres)
                await TestPostgres.DropDatabaseAsync(connection);
            else
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(folder!, recursive: true);
            }
        }
    }

    /// <summary>Rows as the application of that time wrote them; every value here is the test's own.</summary>
    private static Task<int> RunAsync(VolunteerDbContext db, string sql) => db.Database.ExecuteSqlRawAsync(sql);

    private static string G(Provider provider, Guid id) =>
        provider == Provider.Postgres ? $"'{id:D}'::uuid" : $"'{id.ToString("D").ToUpperInvariant()}'";

    private static string T(Provider provider, DateTimeOffset at) =>
        provider == Provider.Postgres ? $"'{at.UtcDateTime:yyyy-MM-dd HH:mm:ss}+00'::timestamptz" : at.UtcTicks.ToString(CultureInfo.InvariantCulture);
}
