#:sdk Microsoft.NET.Sdk.Web
#:project ../../Volunteer.Infrastructure/Volunteer.Infrastructure.csproj
#:property PublishAot=false

// Load benchmark (issue 12). Not a test and not part of Volunteer.sln.
//
//   dotnet run eng/bench/load.cs -- [--connection "Host=…;Username=…;Password=…;Database=postgres"] [--rounds 3]
//                                   [--seconds 3] [--members 100000] [--signed-in 2000] [--tasks 200]
//                                   [--api-env KEY=VALUE]… [--api-project path/to/Volunteer.Api.csproj] [--no-probe] [--no-build] [--reuse] [--starts 3]
//                                   [--quick] [--no-ready-to-run] [--database volunteer_load] [--only start,claims,reads,board]
//
// Everything on loopback, against a PostgreSQL database of its own (volunteer_load, created afresh;
// --reuse keeps the last one, --starts 0 skips the start-up timings, --no-build uses the last Release build;
// --quick: 1 round of 2 s, 2 starts of each kind, 500 signed in, and the last run's database when it is seeded;
// --database: the name of that database; --only: the measurements to run, comma-separated, all by default):
//   1. migrates it with the product's migrations and seeds one street of --members residents in 10
//      communities of 10 grids (20 % confirmed party members), all active this month (running totals
//      with many ties), and --tasks published tasks in the first community;
//   2. builds the API in Release (and publishes it ReadyToRun for linux-x64, unless --no-ready-to-run) and times
//      start to /health/ready, job server on, on the migrated PostgreSQL database and on an existing SQLite file
//      (its first start, which creates it, not timed), for both, against the raw app alone; then keeps one API
//      process running for the load (the ReadyToRun one; job server off);
//   3. hosts, in this process, the raw baselines: an Npgsql loop doing the claim transaction
//      (conditional UPDATE + INSERT, one connection per client, prepared) and a minimal Kestrel app
//      answering GET /api/v1/tasks and GET /api/v1/me/points with the same queries over Npgsql;
//   4. in alternating rounds (API then raw, raw then API), at 8 and 64 connections, drives both with
//      the same in-process HTTP load loop for --seconds each, and the live leaderboard of a community
//      of members/10 and of the street of members at 8 and 32 connections;
//      then the reads once more at 64 connections, paced at half the raw app's rate (p99 at an offered load, not a closed loop's queue);
//   5. counts transactions per request (pg_stat_database, each autocommit statement and each DISCARD
//      ALL is one) and reads the working set of the API idle, after the load and 5 s after it, and of the raw app at ready;
// then prints medians, spread (min–max over rounds) and the API / raw ratio of each round, and the CPU time per
// request of the API process and of the raw side (from /proc/<pid>/stat around each run; robust on a busy machine).

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Points;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Persistence;

#pragma warning disable ASP0000 // a service provider of its own for migrating and seeding, not the app's
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length == 3 && args[0] == "--raw-only")
{
    // The start-up baseline: this file's raw app alone, in a process of its own, ready when its
    // database answers (as the API's /health/ready).
    await using var source = NpgsqlDataSource.Create(args[1]);
    var alone = RawApp.Build(source, int.Parse(args[2], CultureInfo.InvariantCulture));
    await alone.RunAsync();
    return 0;
}
var o = Options.Parse(args);
Console.WriteLine($"Load benchmark: {o.Members:N0} members in one street, {o.SignedIn:N0} signed in, {o.Tasks} tasks, " +
                  $"{o.Rounds} rounds of {o.Seconds} s per measurement");
Console.WriteLine(Machine.Describe());

// ---- 1. the database ----
var watch = Stopwatch.StartNew();
var dbConnection = new NpgsqlConnectionStringBuilder(o.Connection) { Database = o.Database }.ConnectionString;
var reuse = o.Reuse || (o.Quick && await Db.SeededAsync(o.Connection, o.Database, o.Members));
if (!reuse)
{
    await Db.RecreateAsync(o.Connection, o.Database);
    await using (var services = new ServiceCollection()
        .AddVolunteerPersistence(new DatabaseSettings(DatabaseProvider.Postgres, dbConnection)).BuildServiceProvider())
    {
        await PersistenceSetup.MigrateAsync(services);
        await using var scope = services.CreateAsyncScope();
        await Seed.TemplatesAsync(scope.ServiceProvider.GetRequiredService<VolunteerDbContext>());
    }
    await Seed.CopiesAsync(dbConnection, o);
}
var data = await Seed.ReadAsync(dbConnection, o);
Console.WriteLine($"{(reuse ? "Reused" : "Seeded")} in {watch.Elapsed.TotalSeconds:0.0} s: {data.Describe()}");

// ---- 2. the API: build, start-up times, one process for the load ----
var apiProject = Path.GetFullPath(o.ApiProject);
var apiBin = Path.Combine(Path.GetDirectoryName(apiProject)!, "bin", "Release", "net10.0");
var apiDll = Path.Combine(apiBin, "Volunteer.Api.dll");
var r2rDll = Path.Combine(apiBin, "linux-x64", "publish-r2r", "Volunteer.Api.dll");
if (!o.NoBuild)
{
    Proc.Run("dotnet", $"build \"{apiProject}\" -c Release -nologo -v q");
    if (o.ReadyToRun) // what a deployment runs: `dotnet publish -r linux-x64` (ReadyToRun, see Volunteer.Api.csproj)
        Proc.Run("dotnet", $"publish \"{apiProject}\" -c Release -r linux-x64 --self-contained false -o \"{Path.GetDirectoryName(r2rDll)}\" -nologo -v q");
}
var apiPort = Random.Shared.Next(52000, 52999);
// Timed starts run as deployed: the job server on (it starts after the start-up work, off the path to ready).
var scheduler = new Dictionary<string, string> { ["Jobs__Scheduler"] = "true" };
var starts = new List<(string What, List<double> Seconds, List<double> MiB)>();
async Task TimeStartsAsync(string what, string dll, Dictionary<string, string> database, bool skipFirst)
{
    var seconds = new List<double>();
    var mib = new List<double>();
    for (var i = 0; i < o.Starts + (skipFirst ? 1 : 0); i++)
    {
        var (api, s) = await Api.StartAsync(dll, apiPort, o, new(database.Concat(scheduler)));
        if (!skipFirst || i > 0)
        {
            seconds.Add(s);
            mib.Add(api.WorkingSetMiB());
        }
        api.Stop();
    }
    starts.Add((what, seconds, mib));
}
var sqliteFile = Path.Combine(Path.GetTempPath(), $"volunteer-load-{Guid.NewGuid():N}.db");
var sqlite = new Dictionary<string, string> { ["ConnectionStrings__Sqlite"] = $"Data Source={sqliteFile}" };
var postgres = new Dictionary<string, string> { ["ConnectionStrings__Postgres"] = dbConnection };
if (o.Starts > 0)
{
    await TimeStartsAsync("PostgreSQL (migrated), dotnet build", apiDll, postgres, skipFirst: false);
    await TimeStartsAsync("SQLite (existing file), dotnet build", apiDll, sqlite, skipFirst: true); // the first start creates the file
    if (o.ReadyToRun)
    {
        await TimeStartsAsync("PostgreSQL (migrated), ReadyToRun publish", r2rDll, postgres, skipFirst: false);
        await TimeStartsAsync("SQLite (existing file), ReadyToRun publish", r2rDll, sqlite, skipFirst: false);
    }
    var raw = new List<double>();
    var rawMiB = new List<double>();
    for (var i = 0; i < o.Starts; i++)
    {
        var host = Environment.ProcessPath!;
        var self = Path.GetFileNameWithoutExtension(host) == "dotnet" ? $"\"{System.Reflection.Assembly.GetEntryAssembly()!.Location}\" " : "";
        var (rawApi, seconds) = await Api.StartAsync(host, $"{self}--raw-only \"{dbConnection}\" {apiPort}", apiPort);
        raw.Add(seconds);
        rawMiB.Add(rawApi.WorkingSetMiB()); // the memory goals' baseline: the same runtime, Kestrel and Npgsql, nothing else
        rawApi.Stop();
    }
    starts.Add(("raw app (same Npgsql, minimal Kestrel)", raw, rawMiB));
}
foreach (var file in new[] { sqliteFile, sqliteFile + "-wal", sqliteFile + "-shm" })
    File.Delete(file);
// The process under load: the job server off, so its polling stays out of the transaction counts.
var (server, _) = await Api.StartAsync(o.ReadyToRun ? r2rDll : apiDll, apiPort, o, postgres);
await Task.Delay(3000);
var idleMiB = server.WorkingSetMiB();
var idlePss = server.ProportionalMiB();
foreach (var (what, seconds, _) in starts)
    Console.WriteLine($"Start to ready, {what}: {Stats.Show(seconds, "s")}");
Console.WriteLine($"API working set idle {idleMiB:0} MiB");

// ---- 3. sign-ins and the raw baselines ----
Console.Error.WriteLine($"API started (pid {server.Id}); signing in");
var apiBase = $"http://127.0.0.1:{apiPort}";
var tokens = await Load.SignInAsync(apiBase, data.SignedInOpenIds);
var rawPort = apiPort + 1000;
await using var rawSource = NpgsqlDataSource.Create(dbConnection);
var rawApp = RawApp.Build(rawSource, rawPort);
await rawApp.StartAsync();
var rawBase = $"http://127.0.0.1:{rawPort}";
var claimInsert = await RawClaim.PrepareTemplateAsync(rawSource, apiBase, tokens[0], data.TaskIds[0]);

// ---- 4. the rounds ----
var results = new Report();
var claimSeq = 0L;
Task<bool> ApiClaim(HttpClient http, long k)
{
    var (member, task) = data.ClaimPair(k);
    return Load.SendAsync(http, HttpMethod.Post, $"{apiBase}/api/v1/tasks/{task}/claims", tokens[member], HttpStatusCode.Created);
}
Task<bool> ApiTasks(HttpClient http, long k) =>
    Load.SendAsync(http, HttpMethod.Get, $"{apiBase}/api/v1/tasks?communityId={data.CommunityIds[0]}", tokens[(int)(k % tokens.Count)], HttpStatusCode.OK);
Task<bool> RawTasks(HttpClient http, long k) =>
    Load.SendAsync(http, HttpMethod.Get, $"{rawBase}/api/v1/tasks?communityId={data.CommunityIds[0]}&memberId={data.SignedInIds[(int)(k % tokens.Count)]}", null, HttpStatusCode.OK);
Task<bool> ApiPoints(HttpClient http, long k) =>
    Load.SendAsync(http, HttpMethod.Get, $"{apiBase}/api/v1/me/points", tokens[(int)(k % tokens.Count)], HttpStatusCode.OK);
Task<bool> RawPoints(HttpClient http, long k) =>
    Load.SendAsync(http, HttpMethod.Get, $"{rawBase}/api/v1/me/points?memberId={data.SignedInIds[(int)(k % tokens.Count)]}", null, HttpStatusCode.OK);
Task<bool> Board(HttpClient http, long k, string scope, Guid id) =>
    Load.SendAsync(http, HttpMethod.Get, $"{apiBase}/api/v1/rankings/live?scope={scope}&scopeId={id}", tokens[(int)(k % tokens.Count)], HttpStatusCode.OK);

// Warm-up: JIT, pools, caches on both sides. The reads and the board by count, not time: on a busy machine one
// second was a few hundred requests, too few for the JIT's optimized code, which then compiled during the first
// measured round (and its CPU time counted as the endpoint's).
// Claims too, by count (3,000 of the 100,000 member/task pairs, so every task's first claims are among them), then
// the slots are freed again: on a quiet machine one second was enough, on a busy one it left the claim's code to the
// first measured round.
await Db.ResetClaimsAsync(dbConnection);
await Load.RunCountAsync(8, o.Runs("claims") ? 3000 : 200, ApiClaim, () => Interlocked.Increment(ref claimSeq));
foreach (var warm in new Func<HttpClient, long, Task<bool>>[] { ApiTasks, RawTasks, ApiPoints, RawPoints }.Where(_ => o.Runs("reads"))
             .Concat(new Func<HttpClient, long, Task<bool>>[] { (h, k) => Board(h, k, "community", data.CommunityIds[0]),
                 (h, k) => Board(h, k, "street", data.StreetId) }.Where(_ => o.Runs("board"))))
    await Load.RunCountAsync(8, 2000, warm, () => Interlocked.Increment(ref claimSeq));
await RawClaim.RunAsync(rawSource, claimInsert, data, 8, TimeSpan.FromSeconds(1), () => Interlocked.Increment(ref claimSeq));
// And at 64 connections, so that neither side's measured 64-connection round pays for growing its database pool
// (56 more PostgreSQL backends forked, each with a TLS handshake and its statements prepared): in rounds of 2 s
// that growth took most of the round on both sides (80–180 claims/s, p95 over 2 s, against ~1,000 in rounds of 10 s).
if (o.Runs("claims"))
{
    await Load.RunCountAsync(64, 1280, ApiClaim, () => Interlocked.Increment(ref claimSeq));
    await RawClaim.RunAsync(rawSource, claimInsert, data, 64, TimeSpan.FromSeconds(1), () => Interlocked.Increment(ref claimSeq));
}
foreach (var warm in new Func<HttpClient, long, Task<bool>>[] { ApiTasks, RawTasks }.Where(_ => o.Runs("reads")))
    await Load.RunCountAsync(64, 1280, warm, () => Interlocked.Increment(ref claimSeq));

var duration = TimeSpan.FromSeconds(o.Seconds);
for (var round = 1; round <= o.Rounds; round++)
{
    var apiFirst = round % 2 == 1;
    foreach (var connections in new[] { 8, 64 })
    {
        // Claims: each side starts from no claims and free slots.
        foreach (var side in apiFirst ? new[] { "api", "raw" } : ["raw", "api"])
        {
            await Db.ResetClaimsAsync(dbConnection);
            claimSeq = 0;
            if (!o.Runs("claims"))
                continue;
            var r = await Cpu.SampleAsync(server.Id, () => side == "api"
                ? Load.RunAsync(connections, duration, _ => ApiClaim, () => Interlocked.Increment(ref claimSeq))
                : RawClaim.RunAsync(rawSource, claimInsert, data, connections, duration, () => Interlocked.Increment(ref claimSeq)));
            results.Add($"claim a task", connections, side, r);
            if (side == "api")
                results.Overbooked |= await Db.OverbookedAsync(dbConnection);
        }
        foreach (var (what, api, raw) in new[] { ("GET /api/v1/tasks page 1", (Func<HttpClient, long, Task<bool>>)ApiTasks, (Func<HttpClient, long, Task<bool>>)RawTasks),
                     ("GET /api/v1/me/points", ApiPoints, RawPoints) }.Where(_ => o.Runs("reads")))
            foreach (var side in apiFirst ? new[] { "api", "raw" } : ["raw", "api"])
                results.Add(what, connections, side, await Cpu.SampleAsync(server.Id, () =>
                    Load.RunAsync(connections, duration, _ => side == "api" ? api : raw, () => Interlocked.Increment(ref claimSeq))));
    }
    foreach (var connections in o.Runs("board") ? new[] { 8, 32 } : [])
    {
        results.Add($"live board, community of {data.Members / 10:N0}", connections, "api", await Cpu.SampleAsync(server.Id, () =>
            Load.RunAsync(connections, duration, _ => (h, k) => Board(h, k, "community", data.CommunityIds[0]), () => Interlocked.Increment(ref claimSeq))));
        results.Add($"live board, street of {data.Members:N0}", connections, "api", await Cpu.SampleAsync(server.Id, () =>
            Load.RunAsync(connections, duration, _ => (h, k) => Board(h, k, "street", data.StreetId), () => Interlocked.Increment(ref claimSeq))));
    }
    Console.WriteLine($"Round {round} done.");
}
// The reads at 64 connections once more, paced: both sides at the same offered rate, half of what the raw app served in
// the closed rounds above. A closed loop of 64 connections keeps 64 requests in flight whatever the server's speed, so
// its mean latency is 64 / throughput (Little's law: 50 ms at 1,280 requests per second) and its p99 measures the queue
// the loop itself builds; at an offered rate both sides can serve, p99 is the latency a resident sees under that load.
foreach (var (what, api, raw) in new[] { ("GET /api/v1/tasks page 1", (Func<HttpClient, long, Task<bool>>)ApiTasks, (Func<HttpClient, long, Task<bool>>)RawTasks),
             ("GET /api/v1/me/points", ApiPoints, RawPoints) }.Where(_ => o.Runs("reads")))
{
    var rate = Math.Round(results.MedianRate(what, 64, "raw") / 2);
    if (double.IsNaN(rate) || rate < 1)
        continue;
    for (var round = 1; round <= o.Rounds; round++)
        foreach (var side in round % 2 == 1 ? new[] { "api", "raw" } : ["raw", "api"])
            results.Add($"{what}, paced at {rate:0}/s (half the raw rate)", 64, side, await Cpu.SampleAsync(server.Id, () =>
                Load.RunPacedAsync(64, duration, rate, side == "api" ? api : raw, () => Interlocked.Increment(ref claimSeq))));
}
var loadedMiB = server.WorkingSetMiB();
var loadedPss = server.ProportionalMiB();
// And once the process has been quiet for a few seconds: what a deployment keeps between bursts
// (the API hands freed memory back after 2 s of quiet, Memory:TrimWhenIdle).
await Task.Delay(5000);
var quietMiB = server.WorkingSetMiB();
var quietPss = server.ProportionalMiB();

// ---- 5. transactions per request ----
var probes = new List<string>();
if (!o.NoProbe)
{
    await Db.ResetClaimsAsync(dbConnection);
    claimSeq = 0;
    await Task.Delay(11_000); // let the statistics of the rounds reach pg_stat_database first
    foreach (var (what, op) in new[] { ("claim", (Func<HttpClient, long, Task<bool>>)ApiClaim), ("tasks", ApiTasks), ("points", ApiPoints),
                 ("board (community)", (h, k) => Board(h, k, "community", data.CommunityIds[0])) }
                 .Where(p => o.Runs(p.Item1 switch { "claim" => "claims", "tasks" or "points" => "reads", _ => "board" })))
    {
        var before = await Db.TransactionsAsync(dbConnection);
        var r = await Load.RunCountAsync(4, 200, op, () => Interlocked.Increment(ref claimSeq));
        await Task.Delay(11_000); // PostgreSQL 15 flushes an idle backend's statistics within 10 s
        var after = await Db.TransactionsAsync(dbConnection);
        probes.Add($"{what} {(after - before - 2) / (double)r:0.0}");
    }
}

server.Stop();
await rawApp.StopAsync();
results.Print();
var rawStart = starts.FirstOrDefault(x => x.What.StartsWith("raw", StringComparison.Ordinal)).Seconds ?? [];
foreach (var (what, seconds, mib) in starts)
    Console.WriteLine($"Start to ready, {what}: {Stats.Show(seconds, "s")}" +
        (mib.Count > 0 ? $", working set at ready {Stats.Show(mib, "MiB", "0")}, API / raw {Stats.Median(seconds) / Stats.Median(rawStart):0.0}" : ""));
Console.WriteLine($"API working set: idle {idleMiB:0} MiB, after the load {loadedMiB:0} MiB, 5 s after it {quietMiB:0} MiB; benchmark process {Environment.WorkingSet / 1048576.0:0} MiB");
Console.WriteLine($"API proportional set size (Pss): idle {idlePss} MiB, after the load {loadedPss} MiB, 5 s after it {quietPss} MiB");
if (probes.Count > 0)
    Console.WriteLine($"API database transactions per request (200 requests each; autocommit statements and DISCARD ALL count one): {string.Join(", ", probes)}");
Console.WriteLine(results.Overbooked ? "OVERBOOKED: a task had more claims than slots!" : "No task had more active claims than slots.");
return results.Failures > 0 || results.Overbooked ? 1 : 0;

// =====================================================================================================

sealed record Options(string Connection, int Rounds, int Seconds, int Members, int SignedIn, int Tasks, List<string> ApiEnv,
    string ApiProject, bool NoProbe, bool NoBuild, bool Reuse, int Starts, bool Quick, bool ReadyToRun, string Database,
    IReadOnlySet<string>? Only)
{
    /// <summary>Whether this run takes the measurement named (start, claims, reads, board).</summary>
    public bool Runs(string measurement) => Only is null || Only.Contains(measurement);

    public static Options Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        // --quick: one round of 2 s, 2 timed starts of each kind, 500 signed in, and the seeded database of an
        // earlier run when it has the members asked for: a few minutes in all, every line of the report.
        var quick = args.Contains("--quick");
        var env = new List<string>();
        for (var i = 0; i < args.Length - 1; i++)
            if (args[i] == "--api-env")
                env.Add(args[i + 1]);
        return new Options(
            Value("--connection", "Host=127.0.0.1;Port=5432;Username=volunteer;Password=volunteer;Database=postgres"),
            int.Parse(Value("--rounds", quick ? "1" : "3"), CultureInfo.InvariantCulture),
            int.Parse(Value("--seconds", quick ? "2" : "3"), CultureInfo.InvariantCulture),
            int.Parse(Value("--members", "100000"), CultureInfo.InvariantCulture),
            int.Parse(Value("--signed-in", quick ? "500" : "2000"), CultureInfo.InvariantCulture),
            int.Parse(Value("--tasks", "200"), CultureInfo.InvariantCulture),
            env,
            Value("--api-project", Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string ?? "eng/bench", "../../Volunteer.Api/Volunteer.Api.csproj")),
            args.Contains("--no-probe"),
            args.Contains("--no-build"),
            args.Contains("--reuse"),
            args.Contains("--only") && !Value("--only", "").Split(',').Contains("start")
                ? 0 : int.Parse(Value("--starts", quick ? "2" : "3"), CultureInfo.InvariantCulture),
            quick,
            !args.Contains("--no-ready-to-run"),
            Value("--database", "volunteer_load"),
            args.Contains("--only") ? Value("--only", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet() : null);
    }
}

static class Machine
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"Machine: {Environment.ProcessorCount} CPUs ({cpu ?? "unknown"}), {Environment.OSVersion}, .NET {Environment.Version}";
    }
}

static class Db
{
    public static async Task<string> RecreateAsync(string admin, string name)
    {
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await Exec(connection, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            await Exec(connection, $"CREATE DATABASE {name}");
        }
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    /// <summary>Whether <paramref name="name"/> exists and holds at least <paramref name="members"/> members (a run's seed).</summary>
    public static async Task<bool> SeededAsync(string admin, string name, int members)
    {
        if (!await Scalar<bool>(admin, $"SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = '{name}')"))
            return false;
        var connection = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        return await Scalar<bool>(connection, "SELECT to_regclass('\"Members\"') IS NOT NULL")
            && await Scalar<long>(connection, """SELECT COUNT(*) FROM "Members" """) > members;
    }

    public static async Task Exec(NpgsqlConnection connection, string sql, params object[] args)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        foreach (var a in args)
            command.Parameters.Add(new NpgsqlParameter { Value = a });
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<T> Scalar<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = (await command.ExecuteScalarAsync())!;
        return value is T same ? same : (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);
    }

    public static async Task ResetClaimsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await Exec(connection, """TRUNCATE "Claims" CASCADE; UPDATE "Tasks" SET "Taken" = 0""");
        await Exec(connection, """VACUUM ANALYZE "Tasks" """);
    }

    public static async Task<bool> OverbookedAsync(string connectionString) => await Scalar<long>(connectionString, """
        SELECT COUNT(*) FROM "Tasks" t
        WHERE t."Taken" > t."Slots"
           OR (SELECT COUNT(*) FROM "Claims" c WHERE c."TaskId" = t."Id" AND c."Status" <> 'Cancelled') > t."Slots"
        """) > 0;

    public static Task<long> TransactionsAsync(string connectionString) => Scalar<long>(connectionString,
        "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()");
}

sealed record SeedData(Guid StreetId, List<Guid> CommunityIds, List<Guid> TaskIds, List<string> SignedInOpenIds, List<Guid> SignedInIds,
    long Members, long Totals, long ScopeTotals)
{
    /// <summary>The k-th claim: tasks in turn, each member once per task, so no pair repeats within a round.</summary>
    public (int Member, Guid Task) ClaimPair(long k) => ((int)(k / TaskIds.Count % SignedInIds.Count), TaskIds[(int)(k % TaskIds.Count)]);

    public string Describe() => $"{Members:N0} members, {Totals:N0} monthly totals, {ScopeTotals:N0} scope totals, {TaskIds.Count} tasks";
}

static class Seed
{
    /// <summary>One of each row, made by the domain's own factories; the rest are copies of them.</summary>
    public static async Task TemplatesAsync(VolunteerDbContext db)
    {
        var now = DateTimeOffset.UtcNow;
        var street = Street.Create("压测街道", now);
        db.Streets.Add(street);
        for (var c = 0; c < 10; c++)
        {
            var community = Community.Create(street.Id, $"压测社区{c}", CommunityKind.Urban, "压测路 1 号", now);
            db.Communities.Add(community);
            for (var g = 0; g < 10; g++)
                db.Grids.Add(Grid.Create(community.Id, $"第{g + 1}网格", "网格员", now));
            if (c == 0)
            {
                await db.SaveChangesAsync();
                var grid = await db.Grids.FirstAsync(x => x.CommunityId == community.Id);
                var staff = Account.CreateCommunityStaff("load-staff", "压测工作人员", street.Id, community.Id, now);
                var member = Member.SignUpWithWeChat("load-template", now);
                member.UpdateProfile("模板居民", "13800000000");
                member.MoveTo(community, grid);
                member.DeclarePartyMembership("第一党支部", "压测单位", inService: true);
                member.ConfirmPartyMembership(staff.Id, now);
                db.AddRange(staff, member, PointsAccount.OpenFor(member.Id, now));
                db.Tasks.Add(ServiceTask.Publish(community.Id, new TaskTerms("压测任务", "环境整治", TaskCategory.Environment, ServiceTask.MaxSlots, 10,
                    now.AddDays(1), now.AddDays(2), "压测路 1 号", false, grid.Id), staff.Id, now));
            }
        }
        await db.SaveChangesAsync();
    }

    /// <summary>Copies of the templates in bulk (jsonb keeps this independent of the column list).</summary>
    public static async Task CopiesAsync(string connectionString, Options o)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var period = Volunteer.Domain.Common.Period.Of(DateTimeOffset.UtcNow).Key;
        await Db.Exec(connection, """
            CREATE TEMP TABLE places AS
            SELECT c."Id" AS community, g."Id" AS grid, row_number() OVER (ORDER BY c."Name", g."Name") - 1 AS n
            FROM "Communities" c JOIN "Grids" g ON g."CommunityId" = c."Id";
            """);
        // Member i lives in community i % 10, grid (i / 10) % 10; every 5th is a confirmed party member.
        await Db.Exec(connection, $"""
            INSERT INTO "Members"
            SELECT (jsonb_populate_record(NULL::"Members", to_jsonb(m) || jsonb_build_object(
                'Id', gen_random_uuid(), 'OpenId', 'load-' || i, 'Name', '居民' || i, 'Phone', NULL,
                'CommunityId', p.community, 'GridId', p.grid,
                'PartyStatus', CASE WHEN i % 5 = 0 THEN m."PartyStatus" ELSE 'None' END))).*
            FROM "Members" m, generate_series(1, {o.Members}) i
            JOIN places p ON p.n = (i % 10) * 10 + (i / 10) % 10
            WHERE m."OpenId" = 'load-template';
            INSERT INTO "PointsAccounts"
            SELECT (jsonb_populate_record(NULL::"PointsAccounts", to_jsonb(a) || jsonb_build_object('MemberId', m."Id", 'Balance', 100))).*
            FROM "PointsAccounts" a, "Members" m
            WHERE a."MemberId" = (SELECT "Id" FROM "Members" WHERE "OpenId" = 'load-template') AND m."OpenId" LIKE 'load-%' AND m."OpenId" <> 'load-template';
            INSERT INTO "MonthlyTotals" ("Period", "MemberId", "CommunityId", "GridId", "Points", "Minutes")
            SELECT {period}, m."Id", m."CommunityId", m."GridId", v.points, v.points * 6
            FROM "Members" m, LATERAL (SELECT 1 + floor(power(random(), 3) * 500)::int AS points, m."Id" AS id) v
            WHERE m."OpenId" LIKE 'load-%' AND m."OpenId" <> 'load-template';
            INSERT INTO "Tasks"
            SELECT (jsonb_populate_record(NULL::"Tasks", to_jsonb(t) || jsonb_build_object('Id', gen_random_uuid(), 'Title', '压测任务' || i))).*
            FROM "Tasks" t, generate_series(2, {o.Tasks}) i;
            """);
        var scopeTotals = await Db.Scalar<bool>(connectionString, "SELECT to_regclass('\"ScopeTotals\"') IS NOT NULL");
        if (scopeTotals)
            await Db.Exec(connection, """
                INSERT INTO "ScopeTotals" ("Period", "Scope", "ScopeId", "MemberId", "Points", "Minutes")
                SELECT "Period", 'Grid', "GridId", "MemberId", SUM("Points"), SUM("Minutes") FROM "MonthlyTotals" GROUP BY 1, 3, 4;
                INSERT INTO "ScopeTotals" ("Period", "Scope", "ScopeId", "MemberId", "Points", "Minutes")
                SELECT "Period", 'Community', "CommunityId", "MemberId", SUM("Points"), SUM("Minutes") FROM "MonthlyTotals" GROUP BY 1, 3, 4;
                INSERT INTO "ScopeTotals" ("Period", "Scope", "ScopeId", "MemberId", "Points", "Minutes")
                SELECT t."Period", 'Street', c."StreetId", t."MemberId", SUM(t."Points"), SUM(t."Minutes")
                FROM "MonthlyTotals" t JOIN "Communities" c ON c."Id" = t."CommunityId" GROUP BY 1, 3, 4;
                """);
        await Db.Exec(connection, "VACUUM ANALYZE");
    }

    public static async Task<SeedData> ReadAsync(string connectionString, Options o)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var scopeTotals = await Db.Scalar<bool>(connectionString, "SELECT to_regclass('\"ScopeTotals\"') IS NOT NULL");
        var communities = new List<Guid>();
        var tasks = new List<Guid>();
        var signedIn = new List<(string, Guid)>();
        Guid street;
        await using (var command = new NpgsqlCommand("""SELECT "Id" FROM "Communities" ORDER BY "Name" """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) communities.Add(reader.GetGuid(0));
        await using (var command = new NpgsqlCommand("""SELECT "Id" FROM "Tasks" ORDER BY "Id" """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tasks.Add(reader.GetGuid(0));
        await using (var command = new NpgsqlCommand($"""
            SELECT "OpenId", "Id" FROM "Members" WHERE "CommunityId" = '{communities[0]}' AND "OpenId" <> 'load-template'
            ORDER BY "OpenId" LIMIT {o.SignedIn}
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) signedIn.Add((reader.GetString(0), reader.GetGuid(1)));
        street = await Db.Scalar<Guid>(connectionString, """SELECT "Id" FROM "Streets" LIMIT 1""");
        return new SeedData(street, communities, tasks, signedIn.Select(s => s.Item1).ToList(), signedIn.Select(s => s.Item2).ToList(),
            await Db.Scalar<long>(connectionString, """SELECT COUNT(*) FROM "Members" """),
            await Db.Scalar<long>(connectionString, """SELECT COUNT(*) FROM "MonthlyTotals" """),
            scopeTotals ? await Db.Scalar<long>(connectionString, """SELECT COUNT(*) FROM "ScopeTotals" """) : 0);
    }
}

static class Proc
{
    public static void Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false })!;
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode})");
    }
}

sealed class Api(Process process)
{
    public static Task<(Api, double Seconds)> StartAsync(string dll, int port, Options o, Dictionary<string, string> database)
    {
        var info = new ProcessStartInfo("dotnet", $"\"{dll}\" --urls http://127.0.0.1:{port}") { WorkingDirectory = Path.GetDirectoryName(dll)! };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Staging"; // not Production: dev sign-in codes work
        info.Environment["Auth__SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
        info.Environment["RateLimits__SignInPerMinute"] = "1000000";
        info.Environment["Jobs__Scheduler"] = "false";
        foreach (var (key, value) in database)
            info.Environment[key] = value;
        foreach (var pair in o.ApiEnv)
            info.Environment[pair[..pair.IndexOf('=')]] = pair[(pair.IndexOf('=') + 1)..];
        return StartAsync(info, port);
    }

    public static Task<(Api, double Seconds)> StartAsync(string file, string arguments, int port) =>
        StartAsync(new ProcessStartInfo(file, arguments), port);

    private static async Task<(Api, double Seconds)> StartAsync(ProcessStartInfo info, int port)
    {
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var started = Stopwatch.StartNew();
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.Error.WriteLine("api: " + line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (started.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The API exited with {process.ExitCode}");
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/health/ready")).IsSuccessStatusCode)
                    return (new Api(process), started.Elapsed.TotalSeconds);
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(20);
        }
        throw new TimeoutException("The API did not become ready in 120 s");
    }

    public int Id => process.Id;

    public double WorkingSetMiB()
    {
        process.Refresh();
        return process.WorkingSet64 / 1048576.0;
    }

    // The proportional set size (Linux): each page shared with other mappings or processes counted once in all, so a
    // file mapped twice (a ReadyToRun image's flat view and its loaded image) is not counted twice as in the working set.
    public string ProportionalMiB()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{process.Id}/smaps_rollup"))
                if (line.StartsWith("Pss:", StringComparison.Ordinal))
                    return $"{long.Parse(line[4..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0:0}";
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return "?";
    }

    public void Stop()
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }
}

/// <summary>The raw read baseline: the same queries as the API's handlers, over Npgsql, no EF Core, no auth.</summary>
static class RawApp
{
    public static WebApplication Build(NpgsqlDataSource source, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/health/ready", async () =>
        {
            await using var connection = await source.OpenConnectionAsync();
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync();
            return Results.Ok();
        });
        app.MapGet("/api/v1/tasks", async (Guid communityId, Guid memberId) =>
        {
            await using var connection = await source.OpenConnectionAsync();
            await using var count = new NpgsqlCommand("""SELECT COUNT(*)::int FROM "Tasks" WHERE "CommunityId" = $1""", connection)
                { Parameters = { new() { Value = communityId } } };
            var total = (int)(await count.ExecuteScalarAsync())!;
            var items = new List<Dictionary<string, object?>>();
            await using (var page = new NpgsqlCommand("""
                SELECT * FROM "Tasks" WHERE "CommunityId" = $1 ORDER BY "StartsAt" DESC, "Id" LIMIT 20
                """, connection) { Parameters = { new() { Value = communityId } } })
            await using (var reader = await page.ExecuteReaderAsync())
                while (await reader.ReadAsync())
                {
                    var row = new Dictionary<string, object?>(reader.FieldCount);
                    for (var i = 0; i < reader.FieldCount; i++)
                        row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    items.Add(row);
                }
            var ids = items.Select(r => (Guid)r["Id"]!).ToArray();
            var mine = new List<object>();
            await using (var claims = new NpgsqlCommand("""
                SELECT "TaskId", "Id", "Status" FROM "Claims" WHERE "TaskId" = ANY($1) AND "Status" <> 'Cancelled' AND "MemberId" = $2
                """, connection) { Parameters = { new() { Value = ids }, new() { Value = memberId } } })
            await using (var reader = await claims.ExecuteReaderAsync())
                while (await reader.ReadAsync())
                    mine.Add(new { taskId = reader.GetGuid(0), id = reader.GetGuid(1), status = reader.GetString(2) });
            return Results.Json(new { items, mine, total, page = 1, pageSize = 20 });
        });
        app.MapGet("/api/v1/me/points", async (Guid memberId) =>
        {
            await using var connection = await source.OpenConnectionAsync();
            await using var command = new NpgsqlCommand("""SELECT "Balance", "Minutes" FROM "PointsAccounts" WHERE "MemberId" = $1""", connection)
                { Parameters = { new() { Value = memberId } } };
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
                return Results.NotFound();
            var minutes = reader.GetInt32(1);
            return Results.Json(new { balance = reader.GetInt32(0), totalHours = Math.Round(minutes / 60m, 2), starLevel = 0, hoursToNextStar = (decimal?)100 });
        });
        return app;
    }
}

/// <summary>The raw claim baseline: what pgbench would run, one connection per client, prepared statements.</summary>
static class RawClaim
{
    public sealed record Insert(string Sql, string[] Columns, object?[] Values, string[] Types);

    /// <summary>Makes one claim through the API and takes its row as the template of the raw INSERT.</summary>
    public static async Task<Insert> PrepareTemplateAsync(NpgsqlDataSource source, string apiBase, string token, Guid taskId)
    {
        using var http = new HttpClient();
        if (!await Load.SendAsync(http, HttpMethod.Post, $"{apiBase}/api/v1/tasks/{taskId}/claims", token, HttpStatusCode.Created))
            throw new InvalidOperationException("The template claim failed");
        await using var connection = await source.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("""SELECT * FROM "Claims" LIMIT 1""", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var values = Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray();
        var types = Enumerable.Range(0, reader.FieldCount).Select(reader.GetDataTypeName).ToArray();
        var sql = $"""INSERT INTO "Claims" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"${i + 1}"))})""";
        return new Insert(sql, columns, values, types);
    }

    public static async Task<Measurement> RunAsync(NpgsqlDataSource source, Insert insert, SeedData data, int clients, TimeSpan duration, Func<long> next)
    {
        var deadline = Stopwatch.StartNew();
        var latencies = new ConcurrentBag<List<double>>();
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            var mine = new List<double>();
            await using var connection = await source.OpenConnectionAsync();
            await using var update = new NpgsqlCommand("""
                UPDATE "Tasks" SET "Taken" = "Taken" + 1
                WHERE "Id" = $1 AND "Status" = 'Published' AND "Taken" < "Slots" AND "EndsAt" > $2
                """, connection) { Parameters = { new() { DataTypeName = "uuid" }, new() { DataTypeName = "timestamp with time zone" } } };
            await using var add = new NpgsqlCommand(insert.Sql, connection);
            foreach (var type in insert.Types)
                add.Parameters.Add(new NpgsqlParameter { DataTypeName = type });
            await update.PrepareAsync();
            await add.PrepareAsync();
            var id = Array.IndexOf(insert.Columns, "Id");
            var task = Array.IndexOf(insert.Columns, "TaskId");
            var member = Array.IndexOf(insert.Columns, "MemberId");
            var claimedAt = Array.IndexOf(insert.Columns, "ClaimedAt");
            while (deadline.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                var (m, t) = data.ClaimPair(next());
                await using var transaction = await connection.BeginTransactionAsync();
                update.Parameters[0].Value = t;
                update.Parameters[1].Value = DateTime.UtcNow;
                if (await update.ExecuteNonQueryAsync() != 1)
                {
                    await transaction.RollbackAsync();
                    Interlocked.Increment(ref failures);
                    continue;
                }
                for (var i = 0; i < insert.Values.Length; i++)
                    add.Parameters[i].Value = insert.Values[i] ?? DBNull.Value;
                add.Parameters[id].Value = Guid.NewGuid();
                add.Parameters[task].Value = t;
                add.Parameters[member].Value = data.SignedInIds[m];
                add.Parameters[claimedAt].Value = DateTime.UtcNow;
                await add.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            latencies.Add(mine);
        }));
        return Measurement.Of(latencies.SelectMany(l => l).ToList(), failures, deadline.Elapsed);
    }
}

sealed record Measurement(double PerSecond, double P50, double P95, double P99, int Count, int Failures)
{
    /// <summary>CPU time (user + system) the API process spent during the run, in ms.</summary>
    public double ApiCpuMs { get; init; }

    /// <summary>CPU time this benchmark process spent during the run (the load loop, and the raw app or claim loop on the raw side), in ms.</summary>
    public double BenchCpuMs { get; init; }

    public static Measurement Of(List<double> latencies, int failures, TimeSpan elapsed)
    {
        latencies.Sort();
        double At(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
        return new Measurement(latencies.Count / elapsed.TotalSeconds, At(0.50), At(0.95), At(0.99), latencies.Count, failures);
    }
}

static class Load
{
    public static async Task<List<string>> SignInAsync(string apiBase, List<string> openIds)
    {
        using var http = new HttpClient();
        var tokens = new string[openIds.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, openIds.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var response = await http.PostAsJsonAsync($"{apiBase}/api/v1/auth/wechat", new { code = "dev-" + openIds[i] }, ct);
            response.EnsureSuccessStatusCode();
            tokens[i] = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString()!;
        });
        return tokens.ToList();
    }

    public static async Task<bool> SendAsync(HttpClient http, HttpMethod method, string url, string? token, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, url);
        if (token is not null)
            request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request);
        await response.Content.CopyToAsync(Stream.Null);
        return response.StatusCode == expected;
    }

    public static async Task<Measurement> RunAsync(int connections, TimeSpan duration, Func<int, Func<HttpClient, long, Task<bool>>> op, Func<long> next)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false });
        var deadline = Stopwatch.StartNew();
        var latencies = new ConcurrentBag<List<double>>();
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, connections).Select(worker => Task.Run(async () =>
        {
            var mine = new List<double>();
            var send = op(worker);
            while (deadline.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                if (await send(http, next()))
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                else
                    Interlocked.Increment(ref failures);
            }
            latencies.Add(mine);
        })));
        return Measurement.Of(latencies.SelectMany(l => l).ToList(), failures, deadline.Elapsed);
    }

    /// <summary>
    /// Paced load: request <c>i</c> is due at <c>start + i / rate</c>, sent by the first of <paramref name="connections"/>
    /// workers that is free. A request sent late because every worker was busy is timed from when it was due, so
    /// queueing counts in its latency (no coordinated omission); one sent on time is timed from when it was sent (the
    /// timer's own lateness, up to about a millisecond, is the loop's, not the server's).
    /// </summary>
    public static async Task<Measurement> RunPacedAsync(int connections, TimeSpan duration, double rate, Func<HttpClient, long, Task<bool>> op,
        Func<long> next)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false });
        var total = (long)(rate * duration.TotalSeconds);
        var slot = -1L;
        var failures = 0;
        var latencies = new ConcurrentBag<List<double>>();
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>();
            long i;
            while ((i = Interlocked.Increment(ref slot)) < total)
            {
                var due = start + (long)(i / rate * Stopwatch.Frequency);
                var early = due - Stopwatch.GetTimestamp();
                if (early > 0)
                    await Task.Delay(TimeSpan.FromSeconds(early / (double)Stopwatch.Frequency));
                var from = early > 0 ? Stopwatch.GetTimestamp() : due;
                if (await op(http, next()))
                    mine.Add(Stopwatch.GetElapsedTime(from).TotalMilliseconds);
                else
                    Interlocked.Increment(ref failures);
            }
            latencies.Add(mine);
        })));
        return Measurement.Of(latencies.SelectMany(l => l).ToList(), failures, Stopwatch.GetElapsedTime(start));
    }

    public static async Task<int> RunCountAsync(int connections, int requests, Func<HttpClient, long, Task<bool>> op, Func<long> next)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false });
        var left = requests;
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref left) >= 0)
                await op(http, next());
        })));
        return requests;
    }
}

/// <summary>
/// CPU time of a process from <c>/proc/&lt;pid&gt;/stat</c> (utime + stime, in clock ticks of 10 ms): robust on a
/// busy machine, where throughput is not. Sampled for the API process and for this process around each run.
/// </summary>
static class Cpu
{
    private const double MsPerTick = 10; // USER_HZ is 100 on Linux

    public static double ProcessMs(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may hold spaces), from field 3 (state) on: utime is field 14, stime 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * MsPerTick;
        }
        catch (IOException) { return double.NaN; }
    }

    public static async Task<Measurement> SampleAsync(int apiPid, Func<Task<Measurement>> run)
    {
        var self = Environment.ProcessId;
        var (api, bench) = (ProcessMs(apiPid), ProcessMs(self));
        var m = await run();
        return m with { ApiCpuMs = ProcessMs(apiPid) - api, BenchCpuMs = ProcessMs(self) - bench };
    }
}

static class Stats
{
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static string Show(IReadOnlyList<double> values, string unit, string format = "0.00") => values.Count == 0 ? "not measured" :
        $"{Median(values).ToString(format, CultureInfo.InvariantCulture)} {unit} ({values.Min().ToString(format, CultureInfo.InvariantCulture)}–{values.Max().ToString(format, CultureInfo.InvariantCulture)})";
}

sealed class Report
{
    private readonly List<(string What, int Connections, string Side, Measurement M)> _rows = [];
    public bool Overbooked { get; set; }
    public int Failures => _rows.Where(r => !r.What.StartsWith("claim", StringComparison.Ordinal) || r.Side == "api").Sum(r => r.M.Failures);

    public void Add(string what, int connections, string side, Measurement m) => _rows.Add((what, connections, side, m));

    /// <summary>The median rate of one side's rounds of a measurement (NaN when it did not run).</summary>
    public double MedianRate(string what, int connections, string side) =>
        Stats.Median(_rows.Where(r => r.What == what && r.Connections == connections && r.Side == side).Select(r => r.M.PerSecond).ToList());

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine("| what | conns | API req/s median (min–max) | API p50 / p95 / p99 ms (medians) | raw req/s median (min–max) | raw p99 ms | API / raw (per round: median, min–max) | API failures |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var group in _rows.GroupBy(r => (r.What, r.Connections)))
        {
            var api = group.Where(r => r.Side == "api").Select(r => r.M).ToList();
            var raw = group.Where(r => r.Side == "raw").Select(r => r.M).ToList();
            var ratios = api.Zip(raw, (a, b) => a.PerSecond / b.PerSecond).ToList();
            Console.WriteLine($"| {group.Key.What} | {group.Key.Connections} | {Stats.Show(api.Select(m => m.PerSecond).ToList(), "", "0")} | " +
                $"{Stats.Median(api.Select(m => m.P50).ToList()):0.0} / {Stats.Median(api.Select(m => m.P95).ToList()):0.0} / {Stats.Median(api.Select(m => m.P99).ToList()):0.0} | " +
                (raw.Count > 0
                    ? $"{Stats.Show(raw.Select(m => m.PerSecond).ToList(), "", "0")} | {Stats.Median(raw.Select(m => m.P99).ToList()):0.0} | {Stats.Show(ratios, "")} | "
                    : "— | — | — | ") +
                $"{api.Sum(m => m.Failures)} |");
        }
        // CPU per request: the API process's own; the load loop's (this process during an API run); and the raw
        // side's, which runs in this process: this process during a raw run, less the load loop's share measured in
        // the API run of the same round (none for the claim loop, which has no HTTP).
        Console.WriteLine();
        Console.WriteLine("| what | conns | API CPU ms per request (min–max) | load loop CPU ms per request | raw CPU ms per request (min–max) | API / raw CPU |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var group in _rows.GroupBy(r => (r.What, r.Connections)))
        {
            var api = group.Where(r => r.Side == "api").Select(r => r.M).ToList();
            var raw = group.Where(r => r.Side == "raw").Select(r => r.M).ToList();
            var viaHttp = !group.Key.What.StartsWith("claim", StringComparison.Ordinal);
            var apiCpu = api.Select(m => m.ApiCpuMs / Math.Max(1, m.Count)).ToList();
            var loop = api.Select(m => m.BenchCpuMs / Math.Max(1, m.Count)).ToList();
            var rawCpu = raw.Zip(loop, (m, l) => m.BenchCpuMs / Math.Max(1, m.Count) - (viaHttp ? l : 0)).ToList();
            Console.WriteLine($"| {group.Key.What} | {group.Key.Connections} | {Stats.Show(apiCpu, "", "0.000")} | {Stats.Median(loop):0.000} | " +
                (raw.Count > 0 ? $"{Stats.Show(rawCpu, "", "0.000")} | {Stats.Median(apiCpu) / Stats.Median(rawCpu):0.0} |" : "— | — |"));
        }
    }
}
