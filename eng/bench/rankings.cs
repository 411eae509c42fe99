#:project ../../Volunteer.Infrastructure/Volunteer.Infrastructure.csproj
#:property PublishAot=false

// Monthly ranking benchmark (issue 4). Not a test and not part of Volunteer.sln.
//
//   dotnet run eng/bench/rankings.cs -- [--connection "Host=…;Database=volunteer_bench;…"] [--members 1000000]
//                                       [--entries 10000000] [--runs 5] [--reseed]
//
// Seeds a PostgreSQL database of its own (default volunteer_bench on 127.0.0.1, role volunteer) with a
// city-sized history — 20 streets, 200 communities, 2,000 grids, the members and ledger entries asked
// for over the twelve months of 2025, and the running monthly totals the ledger keeps — once; later
// runs reuse it. Then it times, for June 2025:
//   product — the monthly ranking job as the scheduler runs it (claim, one transaction, set-based
//             INSERT … SELECT per scope over the running totals, completed mark);
//   ledger  — a hand-written SQL aggregation of the same ranking straight from the raw ledger;
//   totals  — a hand-written SQL aggregation of the same ranking from the running totals;
// checks that all three give exactly the same rows, and prints medians, ratios and peak memory.
// The seeding and comparison SQL below belong to the benchmark only; the product's SQL is in
// Volunteer.Infrastructure/Rankings/RankingSql.cs.

using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Infrastructure;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Infrastructure.Persistence;

var options = BenchOptions.Parse(args);
var period = new Period(2025, 6);
Console.WriteLine($"Ranking benchmark: {options.Members:N0} members, {options.Entries:N0} ledger entries, {options.Runs} timed runs of {period}");
Console.WriteLine(Machine.Describe(options.ConnectionString));

await Database.EnsureExistsAsync(options.ConnectionString, options.Reseed);

var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Jobs:Scheduler"] = "false",
    ["Seeding:DemoData"] = "false",
}).Build();
var services = new ServiceCollection()
    .AddLogging(l => l.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None))
    .AddVolunteerInfrastructure(configuration, new DatabaseSettings(DatabaseProvider.Postgres, options.ConnectionString), new byte[32])
    .BuildServiceProvider();
await PersistenceSetup.MigrateAsync(services);

await using (var connection = await Database.OpenAsync(options.ConnectionString))
{
    if (await Seed.IsSeededAsync(connection, options))
        Console.WriteLine("Reusing the seeded database (--reseed to start over).");
    else
        await Seed.RunAsync(connection, options);
    Console.WriteLine(await Seed.DescribeAsync(connection, period));
}

var product = new List<double>();
var ledger = new List<double>();
var totals = new List<double>();
long allocated = 0;
for (var run = 0; run <= options.Runs; run++)
{
    var warmUp = run == 0;
    await using (var connection = await Database.OpenAsync(options.ConnectionString))
        await Exec(connection, $"""
            DELETE FROM "RankingEntries" WHERE "Period" = {period.Key};
            DELETE FROM "JobRuns" WHERE "Job" = 'MonthlyRanking' AND "Period" = {period.Key};
            DROP TABLE IF EXISTS bench_ledger_ranking;
            DROP TABLE IF EXISTS bench_totals_ranking;
            """);

    var before = GC.GetTotalAllocatedBytes(precise: true);
    var watch = Stopwatch.StartNew();
    await using (var scope = services.CreateAsyncScope())
    {
        var outcome = await scope.ServiceProvider.GetRequiredService<JobRunner>()
            .RunAsync(JobName.MonthlyRanking, period, JobTrigger.Admin, null, CancellationToken.None);
        if (outcome.Kind != RunOutcomeKind.Ran)
            throw new InvalidOperationException($"The ranking did not run: {outcome.Kind} {outcome.Error}");
    }
    var productSeconds = watch.Elapsed.TotalSeconds;
    var productAllocated = GC.GetTotalAllocatedBytes(precise: true) - before;

    await using var compare = await Database.OpenAsync(options.ConnectionString);
    // The same sort and hash memory the product's job gives itself (MonthlyBatch.PrepareAsync).
    await Exec(compare, "SET work_mem = '64MB'");
    watch.Restart();
    await Exec(compare, Handwritten.FromLedger(period));
    var ledgerSeconds = watch.Elapsed.TotalSeconds;
    watch.Restart();
    await Exec(compare, Handwritten.FromTotals(period));
    var totalsSeconds = watch.Elapsed.TotalSeconds;

    var (rows, differences) = await Handwritten.CompareAsync(compare, period);
    if (differences != 0)
        throw new InvalidOperationException($"The product's snapshot and the hand-written rankings differ in {differences} rows.");

    Console.WriteLine($"{(warmUp ? "warm-up" : $"run {run}"),-8} product {productSeconds,7:F2} s   ledger SQL {ledgerSeconds,7:F2} s   " +
        $"totals SQL {totalsSeconds,7:F2} s   {rows:N0} snapshot rows, identical in all three   product allocated {productAllocated / 1048576.0:F1} MiB");
    if (warmUp)
        continue;
    product.Add(productSeconds);
    ledger.Add(ledgerSeconds);
    totals.Add(totalsSeconds);
    allocated = Math.Max(allocated, productAllocated);
}

var peak = Process.GetCurrentProcess().PeakWorkingSet64;
Console.WriteLine();
Console.WriteLine("| | median | ratio to the product |");
Console.WriteLine("|---|---|---|");
Console.WriteLine($"| product: monthly ranking job (running totals, set-based) | {Median(product):F2} s | 1.00 |");
Console.WriteLine($"| hand-written SQL from the raw ledger | {Median(ledger):F2} s | {Median(ledger) / Median(product):F2} |");
Console.WriteLine($"| hand-written SQL from the running totals | {Median(totals):F2} s | {Median(totals) / Median(product):F2} |");
Console.WriteLine();
Console.WriteLine($"product / ledger SQL = {Median(product) / Median(ledger):F2}; product / totals SQL = {Median(product) / Median(totals):F2}");
Console.WriteLine($"peak working set of this process: {peak / 1048576.0:F0} MiB; most allocated by one product run: {allocated / 1048576.0:F1} MiB");
return 0;

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static async Task Exec(NpgsqlConnection connection, string sql)
{
    await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
    await command.ExecuteNonQueryAsync();
}

sealed record BenchOptions(string ConnectionString, int Members, long Entries, int Runs, bool Reseed)
{
    public static BenchOptions Parse(string[] args)
    {
        var connection = Environment.GetEnvironmentVariable("VOLUNTEER_BENCH_POSTGRES")
            ?? "Host=127.0.0.1;Port=5432;Username=volunteer;Password=volunteer;Database=volunteer_bench";
        int members = 1_000_000, runs = 5;
        long entries = 10_000_000;
        var reseed = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--connection": connection = args[++i]; break;
                case "--members": members = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--entries": entries = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--reseed": reseed = true; break;
                default: throw new ArgumentException($"Unknown argument {args[i]}");
            }
        }
        var builder = new NpgsqlConnectionStringBuilder(connection) { CommandTimeout = 0, Timeout = 30 };
        return new BenchOptions(builder.ConnectionString, members, entries, runs, reseed);
    }
}

static class Database
{
    public static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    public static async Task EnsureExistsAsync(string connectionString, bool recreate)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString;
        await using var connection = await OpenAsync(admin);
        if (recreate)
            await Exec(connection, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync() is null)
            await Exec(connection, $"CREATE DATABASE \"{name}\"");
    }

    static async Task Exec(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

static class Seed
{
    const int Streets = 20, Communities = 200, Grids = 2000;
    const string EmptyGrid = "'00000000-0000-0000-0000-000000000000'::uuid";

    // Deterministic ids: kind in the first group, the number in the last. Sequential ids keep the
    // bulk load's index inserts at the right edge of each b-tree.
    static string Id(int kind, string number) => $"('{kind:D8}-0000-4000-8000-' || lpad(to_hex({number}), 12, '0'))::uuid";

    public static async Task<bool> IsSeededAsync(NpgsqlConnection connection, BenchOptions options)
    {
        await using var command = new NpgsqlCommand(
            "SELECT members, entries FROM bench_seed WHERE to_regclass('bench_seed') IS NOT NULL", connection);
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            return await reader.ReadAsync() && reader.GetInt32(0) == options.Members && reader.GetInt64(1) == options.Entries;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false;
        }
    }

    public static async Task RunAsync(NpgsqlConnection connection, BenchOptions options)
    {
        var total = Stopwatch.StartNew();
        async Task Step(string what, string sql)
        {
            var watch = Stopwatch.StartNew();
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync();
            Console.WriteLine($"  seed: {what} ({watch.Elapsed.TotalSeconds:F0} s)");
        }

        await Step("clear", """
            SET synchronous_commit = off;
            DROP TABLE IF EXISTS bench_seed;
            TRUNCATE "RankingEntries", "JobRuns", "Honors", "HonorSettings", "DualEvaluationEntries", "MonthlyTotals", "LedgerEntries",
                     "PointsAccounts", "Claims", "Tasks", "Needs", "Accounts", "Members", "Grids", "Communities", "Partners", "Streets" CASCADE;
            """);
        await Step($"{Streets} streets, {Communities} communities, {Grids} grids", $"""
            INSERT INTO "Streets" ("Id", "Name", "CreatedAt")
            SELECT {Id(1, "s")}, '基准街道' || s, now() FROM generate_series(1, {Streets}) s;
            INSERT INTO "Communities" ("Id", "StreetId", "Name", "Kind", "Address", "CreatedAt")
            SELECT {Id(2, "c")}, {Id(1, $"(c - 1) / {Communities / Streets} + 1")}, '基准社区' || c, 'Urban', NULL, now()
            FROM generate_series(1, {Communities}) c;
            INSERT INTO "Grids" ("Id", "CommunityId", "Name", "WorkerName", "CreatedAt")
            SELECT {Id(3, "g")}, {Id(2, $"(g - 1) / {Grids / Communities} + 1")}, '网格' || g, NULL, now()
            FROM generate_series(1, {Grids}) g;
            """);
        await Step($"{options.Members:N0} members (10% confirmed party members, half of them in service) and their points accounts", $"""
            INSERT INTO "Members" ("Id", "OpenId", "Name", "Phone", "CommunityId", "GridId", "PartyStatus", "PartyBranch", "PartyWorkUnit",
                                   "PartyInService", "Circumstances", "CreatedAt", "Version", "NoShowCount")
            SELECT {Id(4, "m")}, NULL, '居民' || m, NULL,
                   {Id(2, $"((m - 1) % {Grids}) / {Grids / Communities} + 1")}, {Id(3, $"(m - 1) % {Grids} + 1")},
                   CASE WHEN m % 10 = 0 THEN 'Confirmed' ELSE 'None' END,
                   CASE WHEN m % 10 = 0 THEN '第' || (m % 7 + 1) || '党支部' END,
                   CASE WHEN m % 20 = 0 THEN '单位' || (m % 50 + 1) END,
                   m % 20 = 0, 0, now(), 0, 0
            FROM generate_series(1, {options.Members}) m;
            INSERT INTO "PointsAccounts" ("MemberId", "Balance", "Minutes", "UpdatedAt")
            SELECT {Id(4, "m")}, 0, 0, now() FROM generate_series(1, {options.Members}) m;
            """);

        await Step("drop the ledger's secondary indexes for the bulk load", """
            ALTER TABLE "LedgerEntries" DROP CONSTRAINT IF EXISTS "FK_LedgerEntries_Members_MemberId";
            DROP INDEX IF EXISTS "IX_LedgerEntries_MemberId_CreatedAt";
            DROP INDEX IF EXISTS "UX_LedgerEntries_Source";
            """);
        const long chunk = 1_000_000;
        for (long from = 1; from <= options.Entries; from += chunk)
        {
            var to = Math.Min(options.Entries, from + chunk - 1);
            // Skewed activity (a few members serve a lot, most a little): member = M·u² + 1.
            // 90% of service in the member's own grid, 7% elsewhere in their community, 3% elsewhere
            // in their street; 10% not tied to a grid; 4% staff corrections.
            await Step($"ledger entries {from:N0}–{to:N0}", $"""
                INSERT INTO "LedgerEntries" ("Id", "MemberId", "Kind", "Amount", "Minutes", "SourceId", "Reason", "ActorId", "CommunityId",
                                             "GridId", "Period", "BalanceAfter", "CreatedAt")
                SELECT {Id(5, "n")}, {Id(4, "member")}, kind,
                       CASE WHEN kind = 'Earn' THEN 5 * (1 + floor(random() * 10)::int) ELSE floor(random() * 16)::int - 5 END,
                       CASE WHEN kind = 'Earn' THEN 30 * (1 + floor(random() * 8)::int) ELSE 0 END,
                       {Id(6, "n")}, '基准数据', NULL, {Id(2, "(grid - 1) / 10 + 1")},
                       CASE WHEN no_grid THEN NULL ELSE {Id(3, "grid")} END,
                       202500 + month, 0,
                       make_timestamptz(2025, month, 1 + (n % 28)::int, (n % 24)::int, 0, 0, 'Asia/Shanghai')
                FROM (
                    SELECT n, member, month, no_grid, kind,
                           CASE WHEN place < 0.90 THEN home_grid
                                WHEN place < 0.97 THEN (home_grid - 1) / 10 * 10 + 1 + floor(random() * 10)::int
                                ELSE ((home_grid - 1) / 100) * 100 + 1 + floor(random() * 100)::int END AS grid
                    FROM (
                        SELECT n, member, (member - 1) % {Grids} + 1 AS home_grid, 1 + (n % 12)::int AS month,
                               random() AS place, random() < 0.10 AS no_grid,
                               CASE WHEN random() < 0.96 THEN 'Earn' ELSE 'Adjust' END AS kind
                        FROM (SELECT n, 1 + floor(power(random(), 2) * {options.Members})::int AS member
                              FROM generate_series({from}::bigint, {to}::bigint) n) picked
                    ) placed
                ) entries;
                """);
        }
        await Step("restore the ledger's indexes and foreign key", """
            CREATE UNIQUE INDEX "UX_LedgerEntries_Source" ON "LedgerEntries" ("Kind", "SourceId");
            CREATE INDEX "IX_LedgerEntries_MemberId_CreatedAt" ON "LedgerEntries" ("MemberId", "CreatedAt");
            ALTER TABLE "LedgerEntries" ADD CONSTRAINT "FK_LedgerEntries_Members_MemberId"
                FOREIGN KEY ("MemberId") REFERENCES "Members" ("Id") ON DELETE RESTRICT;
            """);
        // What PointsLedger keeps up to date entry by entry, built here in one statement.
        await Step("running monthly totals from the ledger", $"""
            INSERT INTO "MonthlyTotals" ("Period", "MemberId", "CommunityId", "GridId", "Points", "Minutes")
            SELECT "Period", "MemberId", "CommunityId", COALESCE("GridId", {EmptyGrid}), SUM("Amount"), SUM("Minutes")
            FROM "LedgerEntries"
            WHERE "Kind" IN ('Earn', 'Adjust') AND "CommunityId" IS NOT NULL
            GROUP BY "Period", "MemberId", "CommunityId", COALESCE("GridId", {EmptyGrid});
            """);
        await Step("vacuum and analyze", "VACUUM ANALYZE");
        await Step("mark the database seeded", $"""
            CREATE TABLE bench_seed (members int NOT NULL, entries bigint NOT NULL, seeded_at timestamptz NOT NULL);
            INSERT INTO bench_seed VALUES ({options.Members}, {options.Entries}, now());
            """);
        Console.WriteLine($"  seeded in {total.Elapsed.TotalMinutes:F1} min");
    }

    public static async Task<string> DescribeAsync(NpgsqlConnection connection, Period period)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT (SELECT COUNT(*) FROM "Members"), (SELECT COUNT(*) FROM "LedgerEntries"),
                   (SELECT COUNT(*) FROM "LedgerEntries" WHERE "Period" = {period.Key}),
                   (SELECT COUNT(*) FROM "MonthlyTotals"), (SELECT COUNT(*) FROM "MonthlyTotals" WHERE "Period" = {period.Key}),
                   pg_size_pretty(pg_database_size(current_database()))
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return $"Data: {reader.GetInt64(0):N0} members, {reader.GetInt64(1):N0} ledger entries ({reader.GetInt64(2):N0} in {period}), " +
            $"{reader.GetInt64(3):N0} monthly total rows ({reader.GetInt64(4):N0} in {period}), database {reader.GetString(5)}";
    }
}

static class Handwritten
{
    /// <summary>The ranking as one would write it by hand without running totals: straight from the ledger.</summary>
    public static string FromLedger(Period period) => $"""
        CREATE TABLE bench_ledger_ranking AS
        WITH per_place AS (
            SELECT e."MemberId" AS member_id, e."CommunityId" AS community_id, e."GridId" AS grid_id,
                   SUM(e."Amount") AS points, SUM(e."Minutes") AS minutes
            FROM "LedgerEntries" e
            WHERE e."Period" = {period.Key} AND e."Kind" IN ('Earn', 'Adjust') AND e."CommunityId" IS NOT NULL
            GROUP BY e."MemberId", e."CommunityId", e."GridId"
        ),
        {RankingTail("per_place")}
        """;

    /// <summary>The same ranking by hand from the running totals the product reads.</summary>
    public static string FromTotals(Period period) => $"""
        CREATE TABLE bench_totals_ranking AS
        WITH per_place AS (
            SELECT t."MemberId" AS member_id, t."CommunityId" AS community_id,
                   NULLIF(t."GridId", '00000000-0000-0000-0000-000000000000'::uuid) AS grid_id,
                   t."Points" AS points, t."Minutes" AS minutes
            FROM "MonthlyTotals" t
            WHERE t."Period" = {period.Key}
        ),
        {RankingTail("per_place")}
        """;

    static string RankingTail(string source) => $"""
        scoped AS (
            SELECT 'Grid' AS scope, grid_id AS scope_id, member_id, SUM(points) AS points, SUM(minutes) AS minutes
            FROM {source} WHERE grid_id IS NOT NULL GROUP BY grid_id, member_id
            UNION ALL
            SELECT 'Community', community_id, member_id, SUM(points), SUM(minutes) FROM {source} GROUP BY community_id, member_id
            UNION ALL
            SELECT 'Street', c."StreetId", p.member_id, SUM(p.points), SUM(p.minutes)
            FROM {source} p JOIN "Communities" c ON c."Id" = p.community_id GROUP BY c."StreetId", p.member_id
        ),
        listed AS (
            SELECT s.scope, s.scope_id, s.member_id, s.points, s.minutes, 'Everyone' AS list FROM scoped s
            UNION ALL
            SELECT s.scope, s.scope_id, s.member_id, s.points, s.minutes,
                   CASE WHEN m."PartyStatus" = 'Confirmed' THEN 'Party' ELSE 'Residents' END
            FROM scoped s JOIN "Members" m ON m."Id" = s.member_id
        ),
        measured AS (
            SELECT scope, scope_id, list, 'Points' AS metric, member_id, points AS value FROM listed WHERE points > 0
            UNION ALL
            SELECT scope, scope_id, list, 'Hours', member_id, minutes FROM listed WHERE minutes > 0
        )
        SELECT scope, scope_id, list, metric, member_id, value::int AS value, rank::int AS rank
        FROM (SELECT measured.*, RANK() OVER (PARTITION BY scope, scope_id, list, metric ORDER BY value DESC) AS rank FROM measured) r
        WHERE rank <= 100
        """;

    /// <summary>Rows in the product's snapshot, and rows that differ between it and either hand-written result.</summary>
    public static async Task<(long Rows, long Differences)> CompareAsync(NpgsqlConnection connection, Period period)
    {
        await using var command = new NpgsqlCommand($"""
            WITH product AS (
                SELECT "Scope" AS scope, "ScopeId" AS scope_id, "List" AS list, "Metric" AS metric, "MemberId" AS member_id,
                       "Value" AS value, "Rank" AS rank
                FROM "RankingEntries" WHERE "Period" = {period.Key}
            )
            SELECT (SELECT COUNT(*) FROM product),
                   (SELECT COUNT(*) FROM (SELECT * FROM product EXCEPT ALL SELECT * FROM bench_ledger_ranking) a)
                 + (SELECT COUNT(*) FROM (SELECT * FROM bench_ledger_ranking EXCEPT ALL SELECT * FROM product) b)
                 + (SELECT COUNT(*) FROM (SELECT * FROM product EXCEPT ALL SELECT * FROM bench_totals_ranking) c)
                 + (SELECT COUNT(*) FROM (SELECT * FROM bench_totals_ranking EXCEPT ALL SELECT * FROM product) d)
            """, connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}

static class Machine
{
    public static string Describe(string connectionString)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var server = "";
        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(
                "SELECT current_setting('server_version'), current_setting('shared_buffers'), current_setting('work_mem'), " +
                "current_setting('max_parallel_workers_per_gather')", connection);
            using var reader = command.ExecuteReader();
            reader.Read();
            server = $"PostgreSQL {reader.GetString(0)} (shared_buffers {reader.GetString(1)}, work_mem {reader.GetString(2)}, " +
                $"parallel workers per gather {reader.GetString(3)})";
        }
        catch (NpgsqlException e)
        {
            server = "PostgreSQL unreachable: " + e.Message;
        }
        return $"Machine: {Environment.ProcessorCount} CPUs ({cpu}), {memory} RAM, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, " +
            $".NET {Environment.Version}; {server}";
    }
}
