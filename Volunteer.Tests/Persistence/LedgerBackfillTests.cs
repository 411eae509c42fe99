using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Points;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Persistence;

/// <summary>
/// A database that already held points when the hash chain arrived: the migration LedgerChainGuards
/// numbers each member's entries (by time, then id) and chains them, and the result verifies — checked
/// here against the canonical form as the README states it, not the production code.
/// </summary>
public sealed class LedgerBackfillTests
{
    private const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    private sealed record OldEntry(Guid Id, Guid MemberId, string Kind, int Amount, int BalanceAfter, Guid SourceId, Guid? ActorId,
        DateTimeOffset CreatedAt, int Minutes);

    [Theory]
    [InlineData(Provider.Postgres)]
    [InlineData(Provider.Sqlite)]
    public async Task Entries_written_before_the_chain_are_numbered_and_chained_and_verify(Provider provider)
    {
        if (provider == Provider.Postgres)
            TestPostgres.Require();
        var folder = provider == Provider.Sqlite ? Directory.CreateTempSubdirectory("volunteer-backfill-").FullName : null;
        var connection = provider == Provider.Postgres
            ? await TestPostgres.CreateDatabaseAsync()
            : $"Data Source={Path.Combine(folder!, "volunteer.db")}";
        var settings = new DatabaseSettings(provider == Provider.Postgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, connection);
        try
        {
            await using var services = new ServiceCollection().AddLogging().AddVolunteerPersistence(settings).BuildServiceProvider();
            var at = new DateTimeOffset(2026, 10, 5, 8, 30, 15, 123, TimeSpan.Zero);
            var (alice, bob, staff) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
            // Alice's entries out of id order, two of them at the same millisecond: time first, then id.
            var (first, second) = Ordered(Guid.NewGuid(), Guid.NewGuid());
            var entries = new List<OldEntry>
            {
                new(Guid.NewGuid(), alice, "Redeem", -20, 10, Guid.NewGuid(), alice, at.AddDays(3), 0),
                new(second, alice, "Adjust", 5, 30, Guid.NewGuid(), staff, at.AddDays(1), 0),
                new(first, alice, "Earn", 25, 25, Guid.NewGuid(), staff, at.AddDays(1), 90),
                new(Guid.NewGuid(), bob, "Earn", 40, 40, Guid.NewGuid(), null, at, 120),
            };

            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<VolunteerDbContext>();
                var migrator = db.GetService<IMigrator>();
                var beforeChain = db.Database.GetMigrations().Single(m => m.EndsWith("_LedgerChainAndPrivacy", StringComparison.Ordinal));
                await migrator.MigrateAsync(beforeChain);
                foreach (var member in new[] { alice, bob })
                {
                    var own = entries.Where(e => e.MemberId == member).ToList();
                    await RunAsync(db,
                        $"""INSERT INTO "Members" ("Id", "Circumstances", "CreatedAt", "Name", "NoShowCount", "PartyInService", "PartyStatus", "Version") VALUES ({G(provider, member)}, 0, {T(provider, at)}, '居民', 0, {(provider == Provider.Postgres ? "false" : "0")}, 'None', 0)""");
                    await RunAsync(db,
                        $"""INSERT INTO "PointsAccounts" ("MemberId", "Balance", "Minutes", "UpdatedAt") VALUES ({G(provider, member)}, {own.Sum(e => e.Amount)}, {own.Sum(e => e.Minutes)}, {T(provider, at)})""");
                }
                foreach (var e in entries)
                    await RunAsync(db,
                        $"""INSERT INTO "LedgerEntries" ("Id", "MemberId", "Kind", "Amount", "BalanceAfter", "SourceId", "ActorId", "CreatedAt", "Minutes", "Period", "Reason", "Sequence", "Hash", "PreviousHash") VALUES ({G(provider, e.Id)}, {G(provider, e.MemberId)}, '{e.Kind}', {e.Amount}, {e.BalanceAfter}, {G(provider, e.SourceId)}, {(e.ActorId is { } a ? G(provider, a) : "NULL")}, {T(provider, e.CreatedAt)}, {e.Minutes}, 202610, '补录', 0, '', '')""");

                await migrator.MigrateAsync(); // LedgerChainGuards and everything after it
            }

            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<VolunteerDbContext>();
                var stored = await db.LedgerEntries.AsNoTracking().ToListAsync();
                foreach (var member in new[] { alice, bob })
                {
                    var expected = entries.Where(e => e.MemberId == member).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id.ToString("D"), StringComparer.Ordinal).ToList();
                    var chain = stored.Where(s => s.MemberId == member).OrderBy(s => s.Sequence).ToList();
                    Assert.Equal(expected.Select(e => e.Id), chain.Select(s => s.Id));
                    Assert.Equal(Enumerable.Range(1, chain.Count).Select(n => (long)n), chain.Select(s => s.Sequence));
                    var previous = Genesis;
                    foreach (var (entry, kept) in expected.Zip(chain))
                    {
                        var line = string.Join('|', "v1", entry.Id.ToString("D"), entry.MemberId.ToString("D"), entry.Kind.ToLowerInvariant(),
                            entry.Amount.ToString(CultureInfo.InvariantCulture), entry.BalanceAfter.ToString(CultureInfo.InvariantCulture),
                            entry.SourceId.ToString("D"), entry.ActorId?.ToString("D") ?? "",
                            entry.CreatedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), previous);
                        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(line)));
                        Assert.Equal(previous, kept.PreviousHash);
                        Assert.Equal(hash, kept.Hash);
                        previous = hash;
                    }
                }

                var verification = await new VerifyLedger(db).AllAsync(CancellationToken.None);
                Assert.True(verification.Ok, string.Join("; ", verification.Problems.Select(p => p.What)));
                Assert.Equal(4, verification.Entries);
                // And the backfilled history is now as append-only as new entries.
                await Assert.ThrowsAnyAsync<Exception>(() => db.LedgerEntries.Where(e => e.MemberId == bob)
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.Amount, 400)));
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

    /// <summary>Rows as the application of that time wrote them; every value here is the test's own, nothing from outside.</summary>
    private static Task<int> RunAsync(VolunteerDbContext db, string sql) => db.Database.ExecuteSqlRawAsync(sql);

    private static (Guid Lower, Guid Higher) Ordered(Guid a, Guid b) =>
        string.CompareOrdinal(a.ToString("D"), b.ToString("D")) < 0 ? (a, b) : (b, a);

    /// <summary>A GUID as each provider stores it: uuid on PostgreSQL, upper-case text on SQLite.</summary>
    private static string G(Provider provider, Guid id) =>
        provider == Provider.Postgres ? $"'{id:D}'::uuid" : $"'{id.ToString("D").ToUpperInvariant()}'";

    /// <summary>A moment as each provider stores it: timestamptz on PostgreSQL, UTC ticks on SQLite.</summary>
    private static string T(Provider provider, DateTimeOffset at) =>
        provider == Provider.Postgres ? $"'{at.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}+00'::timestamptz" : at.UtcTicks.ToString(CultureInfo.InvariantCulture);
}
