#:sdk Microsoft.NET.Sdk.Web
#:project ../../Volunteer.Infrastructure/Volunteer.Infrastructure.csproj
#:property PublishAot=false

// Load benchmark (issue 12). Not a test and not part of Volunteer.sln.
//
//   dotnet run eng/bench/load.cs -- [--connection "Host=…;Username=…;Password=…;Database=postgres"] [--rounds 3]
//                                   [--seconds 3] [--members 100000] [--signed-in 2000] [--tasks 200]
//                                   [--api-env KEY=VALUE]… [--api-project path/to/Volunteer.Api.csproj] [--no-probe] [--no-build] [--reuse] [--starts 3]
//                                   [--quick] [--no-ready-to-run] [--database volunteer_load] [--only start,claims,reads,board]
//                                   [--client wrk|http] [--wrk-threads 1] [--connections 8,64] [--raws issue,whole,one]
//
// Everything on loopback, against a PostgreSQL database of its own (volunteer_load, created afresh;
// --reuse keeps the last one, --starts 0 skips the start-up timings, --no-build uses the last Release build;
// --quick: 1 round of 2 s, 2 starts of each kind, 500 signed in, and the last run's database when it is seeded;
// --database: the name of that database; --only: the measurements to run, comma-separated, all by default;
// --connections: the closed-loop rounds' connection counts for claims and reads; --raws: which raw claim loops the API's
// claims are compared with, of issue (the issue's transaction), whole (with the notification and delivery) and one (those
// rows in one statement). A claims-only run at 8 connections against the issue's transaction, many short rounds
// (--only claims --connections 8 --raws issue --rounds 12 --seconds 5), gives a median of twelve adjacent pairs in the time
// the default run takes for three):
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
//      the same closed-loop load generator for --seconds each, and the live leaderboard of a community
//      of members/10 and of the street of members at 8 and 32 connections: wrk (a process of its own, --wrk-threads
//      threads, a Lua script written here) when it is installed, else, or with --client http, an HttpClient loop in this
//      process; then the reads once more at 64 connections, paced at half the raw app's rate by the HttpClient loop
//      (p99 at an offered load, not a closed loop's queue);
//   5. counts transactions per request (pg_stat_database, each autocommit statement and each DISCARD
//      ALL is one) and reads the working set of the API idle, after the load and 5 s after it, and of the raw app at ready;
// then prints medians, spread (min–max over rounds) and the API / raw ratio of each round, and the CPU time per
// request of the API process, of the load generator and of the raw side (from /proc/<pid>/stat around each run;
// robust on a busy machine).

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
await Seed.HistoryAsync(dbConnection);
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
// A run that fails takes its API process with it (left running, it kept 16 of PostgreSQL's connection slots).
AppDomain.CurrentDomain.UnhandledException += (_, _) => server.Stop();
await Task.Delay(3000);
var idleMiB = server.WorkingSetMiB();
var idlePss = server.ProportionalMiB();
foreach (var (what, seconds, _) in starts)
    Console.WriteLine($"Start to ready, {what}: {Stats.Show(seconds, "s")}");
Console.WriteLine($"API working set idle {idleMiB:0} MiB");

// ---- 3. sign-ins and the raw baselines ----
Console.Error.WriteLine($"API started (pid {server.Id}); signing in");
var apiBase = $"http://127.0.0.1:{apiPort}";
var tokens = await HttpLoad.SignInAsync(apiBase, data.SignedInOpenIds);
var rawPort = apiPort + 1000;
await using var rawSource = NpgsqlDataSource.Create(dbConnection + ";Include Error Detail=true");
var rawApp = RawApp.Build(rawSource, rawPort);
await rawApp.StartAsync();
var rawBase = $"http://127.0.0.1:{rawPort}";
var claimInsert = await RawClaim.PrepareTemplateAsync(rawSource, apiBase, tokens[0], data.TaskIds[0]);

// ---- 4. the rounds ----
// Each endpoint's requests, described once for every load generator (see Requests): the API's claims are every
// member/task pair once (tasks in turn, as the raw claim loop's SeedData.ClaimPair); the reads and the board go round
// the signed-in members.
var ok = HttpStatusCode.OK;
var tasksPath = $"/api/v1/tasks?communityId={data.CommunityIds[0]}";
var apiClaims = new Requests(apiBase, "POST", data.TaskIds.Select(t => $"/api/v1/tasks/{t}/claims").ToArray(), tokens, HttpStatusCode.Created, EachOnce: true);
var apiTasks = new Requests(apiBase, "GET", [tasksPath], tokens, ok);
var rawTasks = new Requests(rawBase, "GET", data.SignedInIds.Select(id => $"{tasksPath}&memberId={id}").ToArray(), null, ok);
var apiPoints = new Requests(apiBase, "GET", ["/api/v1/me/points"], tokens, ok);
var rawPoints = new Requests(rawBase, "GET", data.SignedInIds.Select(id => $"/api/v1/me/points?memberId={id}").ToArray(), null, ok);
var communityBoard = new Requests(apiBase, "GET", [$"/api/v1/rankings/live?scope=community&scopeId={data.CommunityIds[0]}"], tokens, ok);
var streetBoard = new Requests(apiBase, "GET", [$"/api/v1/rankings/live?scope=street&scopeId={data.StreetId}"], tokens, ok);
var reads = new[] { ("GET /api/v1/tasks page 1", apiTasks, rawTasks), ("GET /api/v1/me/points", apiPoints, rawPoints) }.Where(_ => o.Runs("reads")).ToList();
// The closed-loop rounds' generator: wrk when installed (a C process of its own, far less CPU per request than an
// HttpClient loop in this process), else the HttpClient loop; the same one for the API and the raw app of each pairing.
await using ILoadGenerator load = o.Client == "http" ? new HttpLoad() : WrkLoad.Find(o.WrkThreads) ?? (ILoadGenerator)new HttpLoad();
if (o.Client == "wrk" && load is HttpLoad)
    Console.Error.WriteLine("wrk is not installed (apt-get install wrk): the closed-loop rounds use the HttpClient loop");
Console.WriteLine($"Closed-loop rounds driven by {load.Name}; paced rounds, warm-up and probes by the HttpClient loop");
var results = new Report { PerRound = args.Contains("--per-round") };
var claimSeq = 0L;
long NextClaim() => Interlocked.Increment(ref claimSeq);

// Warm-up: JIT, pools, caches on both sides. The reads and the board by count, not time: on a busy machine one
// second was a few hundred requests, too few for the JIT's optimized code, which then compiled during the first
// measured round (and its CPU time counted as the endpoint's).
// Claims too, by count (3,000 of the 100,000 member/task pairs, so every task's first claims are among them), then
// the slots are freed again: on a quiet machine one second was enough, on a busy one it left the claim's code to the
// first measured round.
// Then until both processes' tier-1 compilers have been idle for 2 s (at most 60 s): the warm-up's hot methods are
// queued for optimized code and compiled on the runtime's background thread some time after they ran; on this
// machine that thread still took 0.3–0.6 ms of CPU per claim during the first measured round at 8 connections (half
// the API's CPU per claim there, docs/performance.md, claims eighth pass), so that round measured when the JIT finished.
// With tiered PGO (on since the twelfth pass) one pass is not enough: the warm-up's hot methods reach their instrumented
// code, and their final code needs more calls than the quiet wait makes, so it was compiled during the first measured
// round (a quarter of the API's samples there in one profile). So the warm-up runs again, up to four times in all,
// until a whole pass of it and its quiet wait compiles less than 100 ms of tier-1 code in the API.
async Task WarmUpAsync()
{
    await Db.ResetClaimsAsync(dbConnection);
    await HttpLoad.RunCountAsync(8, o.Runs("claims") ? 3000 : 200, apiClaims, NextClaim);
    foreach (var warm in reads.SelectMany(r => new[] { r.Item2, r.Item3 }).Concat(o.Runs("board") ? [communityBoard, streetBoard] : []))
        await HttpLoad.RunCountAsync(8, 2000, warm, NextClaim);
    await RawClaim.RunAsync(rawSource, claimInsert, data, 8, TimeSpan.FromSeconds(1), NextClaim);
    if (o.Runs("claims"))
        foreach (var write in new[] { RawWrite.Whole, RawWrite.OneStatement })
            await RawClaim.RunAsync(rawSource, claimInsert, data, 8, TimeSpan.FromSeconds(1), NextClaim, write);
    // And at 64 connections, so that neither side's measured 64-connection round pays for growing its database pool
    // (56 more PostgreSQL backends forked, each with a TLS handshake and its statements prepared): in rounds of 2 s
    // that growth took most of the round on both sides (80–180 claims/s, p95 over 2 s, against ~1,000 in rounds of 10 s).
    if (o.Runs("claims"))
    {
        await HttpLoad.RunCountAsync(64, 1280, apiClaims, NextClaim);
        await RawClaim.RunAsync(rawSource, claimInsert, data, 64, TimeSpan.FromSeconds(1), NextClaim);
        foreach (var write in new[] { RawWrite.Whole, RawWrite.OneStatement })
            await RawClaim.RunAsync(rawSource, claimInsert, data, 64, TimeSpan.FromSeconds(1), NextClaim, write);
    }
    foreach (var warm in reads.Take(1).SelectMany(r => new[] { r.Item2, r.Item3 }))
        await HttpLoad.RunCountAsync(64, 1280, warm, NextClaim);
}

for (var pass = 1; pass <= 4; pass++)
{
    var apiJit = Cpu.MeterTieredJit(server.Id);
    await using (apiJit)
    {
        await WarmUpAsync();
        foreach (var (who, pid) in new[] { ("API", server.Id), ("benchmark (raw side)", Environment.ProcessId) })
        {
            var (waited, jitMs) = await Cpu.TieredJitQuietAsync(pid, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60));
            Console.WriteLine($"Warm-up {pass}: the {who} JIT went quiet after {waited.TotalSeconds:0.0} s more ({jitMs:0} ms of tier-1 compiling meanwhile)");
        }
    }
    Console.WriteLine($"Warm-up {pass}: the API compiled {apiJit.Ms:0} ms of tier-1 code in this pass");
    if (apiJit.Ms < 100)
        break;
}

var duration = TimeSpan.FromSeconds(o.Seconds);
if (o.Runs("claims") && apiClaims.Distinct < Requests.MostClaimsPerSecond * o.Seconds)
    throw new InvalidOperationException($"{apiClaims.Distinct:N0} member/task pairs could run out in a round of {o.Seconds} s " +
        $"(at up to {Requests.MostClaimsPerSecond:N0} claims/s): sign in more members (--signed-in) or shorten the rounds");
const string ClaimRow = "claim a task";
const string WholeClaimRow = "claim a task, raw with notification + delivery";
const string OneStatementClaimRow = "claim a task, raw with notification + delivery in one statement";
for (var round = 1; round <= o.Rounds; round++)
{
    var apiFirst = round % 2 == 1;
    foreach (var connections in o.Connections)
    {
        // Claims: each side starts from no claims and free slots. The API's round is compared with up to three raw loops
        // (--raws; see RawClaim.RunAsync): the issue's transaction (the slot and the claim), the same with the claim's
        // notification and delivery, which the API's claim writes too, and those four writes in one statement, as the API
        // sends them.
        var raws = new (string Side, RawWrite Write, string Row)[]
        {
            ("raw", RawWrite.OneRow, ClaimRow), ("raw whole", RawWrite.Whole, WholeClaimRow), ("raw one statement", RawWrite.OneStatement, OneStatementClaimRow),
        }.Where(r => o.Raws.Contains(r.Write switch { RawWrite.OneRow => "issue", RawWrite.Whole => "whole", _ => "one" })).ToArray();
        var sides = new[] { "api" }.Concat(raws.Select(r => r.Side)).ToArray();
        foreach (var side in apiFirst ? sides : sides.Reverse())
        {
            await Db.ResetClaimsAsync(dbConnection);
            claimSeq = 0;
            if (!o.Runs("claims"))
                continue;
            var raw = raws.FirstOrDefault(r => r.Side == side);
            var r = await Cpu.SampleAsync(server.Id, () => side == "api"
                ? load.RunAsync(apiClaims, connections, duration)
                : RawClaim.RunAsync(rawSource, claimInsert, data, connections, duration, NextClaim, raw.Write));
            if (side == "api")
            {
                foreach (var row in raws)
                    results.Add(row.Row, connections, "api", r);
                results.Overbooked |= await Db.OverbookedAsync(dbConnection);
            }
            else
                results.Add(raw.Row, connections, "raw", r);
        }
        foreach (var (what, api, raw) in reads)
            foreach (var side in apiFirst ? new[] { "api", "raw" } : ["raw", "api"])
                results.Add(what, connections, side, await Cpu.SampleAsync(server.Id, () => load.RunAsync(side == "api" ? api : raw, connections, duration)));
    }
    foreach (var connections in o.Runs("board") ? new[] { 8, 32 } : [])
    {
        results.Add($"live board, community of {data.Members / 10:N0}", connections, "api",
            await Cpu.SampleAsync(server.Id, () => load.RunAsync(communityBoard, connections, duration)));
        results.Add($"live board, street of {data.Members:N0}", connections, "api",
            await Cpu.SampleAsync(server.Id, () => load.RunAsync(streetBoard, connections, duration)));
    }
    Console.WriteLine($"Round {round} done.");
}
// The reads at 64 connections once more, paced: both sides at the same offered rate, half of what the raw app served in
// the closed rounds above. A closed loop of 64 connections keeps 64 requests in flight whatever the server's speed, so
// its mean latency is 64 / throughput (Little's law: 50 ms at 1,280 requests per second) and its p99 measures the queue
// the loop itself builds; at an offered rate both sides can serve, p99 is the latency a resident sees under that load.
// Paced by the HttpClient loop (wrk 4 has no fixed rate): its own CPU per request is in the report.
foreach (var (what, api, raw) in reads)
{
    var rate = Math.Round(results.MedianRate(what, 64, "raw") / 2);
    if (double.IsNaN(rate) || rate < 1)
        continue;
    for (var round = 1; round <= o.Rounds; round++)
        foreach (var side in round % 2 == 1 ? new[] { "api", "raw" } : ["raw", "api"])
            results.Add($"{what}, paced at {rate:0}/s (half the raw rate)", 64, side, await Cpu.SampleAsync(server.Id, () =>
                HttpLoad.RunPacedAsync(64, duration, rate, side == "api" ? api : raw)));
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
    foreach (var (what, requests) in new[] { ("claim", apiClaims), ("tasks", apiTasks), ("points", apiPoints), ("board (community)", communityBoard) }
                 .Where(p => o.Runs(p.Item1 switch { "claim" => "claims", "tasks" or "points" => "reads", _ => "board" })))
    {
        var before = await Db.TransactionsAsync(dbConnection);
        var r = await HttpLoad.RunCountAsync(4, 200, requests, NextClaim);
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
    IReadOnlySet<string>? Only, string Client, int WrkThreads, int[] Connections, IReadOnlySet<string> Raws)
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
            args.Contains("--only") ? Value("--only", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet() : null,
            Value("--client", "wrk") is var client && client is "wrk" or "http" ? client : throw new ArgumentException("--client is wrk or http"),
            int.Parse(Value("--wrk-threads", "1"), CultureInfo.InvariantCulture),
            Value("--connections", "8,64").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray(),
            Value("--raws", "issue,whole,one").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is var raws
                && raws.All(r => r is "issue" or "whole" or "one") && raws.Length > 0
                ? raws.ToHashSet() : throw new ArgumentException("--raws takes issue, whole and one, comma-separated"));
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
        // The claims of earlier months (Seed.HistoryAsync) come back each time, and "Claims" is analysed with them: the
        // planner then sees many members with a few claims each, as a deployment's table has, instead of whatever
        // autovacuum last sampled of the rounds' few hundred members (twelfth pass: the viewer's statement of the task
        // list was planned afresh at every fifth execution when that sample had made its generic plan look dear).
        await Exec(connection, """
            TRUNCATE "Claims", "Notifications" CASCADE;
            INSERT INTO "Claims" SELECT * FROM bench_history_claims;
            UPDATE "Tasks" SET "Taken" = 0 WHERE "Status" = 'Published'
            """);
        await Exec(connection, """VACUUM ANALYZE "Tasks", "Claims" """);
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

    /// <summary>
    /// Claims of earlier months, once per database: 300 closed tasks in the other nine communities, each claimed and
    /// verified by 100 members spread over the street (30,000 claims of ~30,000 members), kept in
    /// <c>bench_history_claims</c> and put back into <c>"Claims"</c> by every reset (<see cref="Db.ResetClaimsAsync"/>).
    /// The rounds' own claims are a few hundred members' on the first community's open tasks; without these, the planner's
    /// statistics of <c>"Claims"</c> were those of the rounds alone, as no deployment's are.
    /// </summary>
    public static async Task HistoryAsync(string connectionString)
    {
        if (await Db.Scalar<bool>(connectionString, "SELECT to_regclass('bench_history_claims') IS NOT NULL"))
            return;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // One command, so one implicit transaction: the tasks and the table come together or not at all.
        await Db.Exec(connection, """
            INSERT INTO "Tasks"
            SELECT (jsonb_populate_record(NULL::"Tasks", to_jsonb(t) || jsonb_build_object(
                'Id', gen_random_uuid(), 'Title', '往期任务' || i, 'CommunityId', c."Id", 'GridId', NULL, 'Status', 'Closed',
                'Taken', 100, 'CreatedAt', now() - interval '90 days', 'StartsAt', now() - interval '60 days' + i * interval '1 hour',
                'EndsAt', now() - interval '60 days' + i * interval '1 hour' + interval '2 hours'))).*
            FROM "Tasks" t, generate_series(1, 300) i,
                 LATERAL (SELECT "Id" FROM "Communities" ORDER BY "Name" OFFSET 1 + i % 9 LIMIT 1) c
            WHERE t."Title" = '压测任务';
            CREATE TABLE bench_history_claims (LIKE "Claims");
            INSERT INTO bench_history_claims
            SELECT (jsonb_populate_record(NULL::"Claims", jsonb_build_object(
                'Id', gen_random_uuid(), 'TaskId', t."Id", 'MemberId', m."Id", 'Status', 'Verified',
                'ClaimedAt', t."StartsAt" - interval '1 day', 'PointsAwarded', 10, 'RatingHeldForReview', false,
                'ServiceMinutes', 120, 'Version', 1))).*
            FROM (SELECT "Id", "StartsAt", row_number() OVER (ORDER BY "Id") AS j FROM "Tasks" WHERE "Title" LIKE '往期任务%') t
            CROSS JOIN generate_series(0, 99) r
            JOIN (SELECT "Id", row_number() OVER (ORDER BY "Id") - 1 AS n FROM "Members") m
              ON m.n = (t.j * 37 + r * 997) % (SELECT COUNT(*) FROM "Members");
            """);
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
        await using (var command = new NpgsqlCommand("""SELECT "Id" FROM "Tasks" WHERE "Status" = 'Published' ORDER BY "Id" """, connection))
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
    public sealed record Insert(string Table, string Sql, string[] Columns, object?[] Values, string[] Types)
    {
        public int Column(string name) => Array.IndexOf(Columns, name);
    }

    /// <summary>
    /// The rows one claim through the API writes, as templates of raw INSERTs: the claim, and (when the API wrote them)
    /// its 认领成功 notification and that notification's WeChat delivery.
    /// </summary>
    public sealed record Template(Insert Claim, Insert? Notification, Insert? Delivery);

    /// <summary>Makes one claim through the API and takes the rows it wrote as the templates of the raw INSERTs.</summary>
    public static async Task<Template> PrepareTemplateAsync(NpgsqlDataSource source, string apiBase, string token, Guid taskId)
    {
        using var http = new HttpClient();
        if (!await HttpLoad.SendAsync(http, HttpMethod.Post, $"{apiBase}/api/v1/tasks/{taskId}/claims", token, HttpStatusCode.Created))
            throw new InvalidOperationException("The template claim failed");
        await using var connection = await source.OpenConnectionAsync();
        // The claim just made (the table may hold claims of an earlier run that stopped before its reset).
        var claim = await RowAsync(connection, "Claims", """SELECT * FROM "Claims" WHERE "TaskId" = $1 ORDER BY "ClaimedAt" DESC LIMIT 1""", taskId)
            ?? throw new InvalidOperationException("The template claim wrote no row");
        var notification = await RowAsync(connection, "Notifications", """SELECT * FROM "Notifications" WHERE "SubjectId" = $1""", claim.Values[claim.Column("Id")]);
        var delivery = notification is null ? null : await RowAsync(connection, "NotificationDeliveries",
            """SELECT * FROM "NotificationDeliveries" WHERE "NotificationId" = $1""", notification.Values[notification.Column("Id")]);
        return new Template(claim, notification, delivery);
    }

    private static async Task<Insert?> RowAsync(NpgsqlConnection connection, string table, string sql, object? key)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (key is not null)
            command.Parameters.Add(new NpgsqlParameter { Value = key });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
            return null;
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var values = Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray();
        var types = Enumerable.Range(0, reader.FieldCount).Select(reader.GetDataTypeName).ToArray();
        var insert = $"""INSERT INTO "{table}" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"${i + 1}"))})""";
        return new Insert(table, insert, columns, values, types);
    }

    /// <summary>
    /// The raw claim loop, one connection per client, every statement prepared. <see cref="RawWrite.OneRow"/>: per claim
    /// <c>BEGIN</c>, the conditional slot <c>UPDATE</c>, the claim's <c>INSERT</c> and <c>COMMIT</c>, as pgbench would run
    /// the issue's transaction. <see cref="RawWrite.Whole"/>: the same transaction also inserts the claim's notification and
    /// its delivery, as the API's claim does (the template's rows, with new ids and times). <see cref="RawWrite.OneStatement"/>:
    /// those four writes as one statement (<c>WITH slot AS (UPDATE … RETURNING 1), … INSERT … SELECT … FROM slot</c>), one
    /// round trip and no explicit transaction, as the API sends them.
    /// </summary>
    public static async Task<Measurement> RunAsync(NpgsqlDataSource source, Template template, SeedData data, int clients, TimeSpan duration,
        Func<long> next, RawWrite write = RawWrite.OneRow)
    {
        if (write != RawWrite.OneRow && (template.Notification is null || template.Delivery is null))
            throw new InvalidOperationException("The API's template claim wrote no notification or delivery to copy");
        var (claim, notification, delivery) = (template.Claim, template.Notification, template.Delivery);
        var deadline = Stopwatch.StartNew();
        var latencies = new ConcurrentBag<List<double>>();
        var failures = 0;
        var duplicates = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            var mine = new List<double>();
            await using var connection = await source.OpenConnectionAsync();
            const string slot = """
                UPDATE "Tasks" SET "Taken" = "Taken" + 1
                WHERE "Id" = $1 AND "Status" = 'Published' AND "Taken" < "Slots" AND "EndsAt" > $2
                """;
            // Each command's parameters: the slot's two, then each row's columns in the template's order.
            var commands = new List<(NpgsqlCommand Command, int[] Offsets)>();
            NpgsqlCommand Command(string sql, IEnumerable<Insert> rows, bool withSlot)
            {
                var command = new NpgsqlCommand(sql, connection);
                if (withSlot)
                {
                    command.Parameters.Add(new NpgsqlParameter { DataTypeName = "uuid" });
                    command.Parameters.Add(new NpgsqlParameter { DataTypeName = "timestamp with time zone" });
                }
                var offsets = new List<int>();
                foreach (var row in rows)
                {
                    offsets.Add(command.Parameters.Count);
                    for (var i = 0; i < row.Types.Length; i++)
                        command.Parameters.Add(new NpgsqlParameter { DataTypeName = row.Types[i], Value = row.Values[i] ?? DBNull.Value });
                }
                commands.Add((command, [.. offsets]));
                return command;
            }
            Insert[] rows = write == RawWrite.OneRow ? [claim] : [claim, notification!, delivery!];
            if (write == RawWrite.OneStatement)
            {
                var number = 3;
                string Select(Insert row) =>
                    $"""INSERT INTO "{row.Table}" ({string.Join(", ", row.Columns.Select(c => $"\"{c}\""))}) SELECT {string.Join(", ", row.Columns.Select(_ => $"${number++}"))} FROM slot""";
                Command($"WITH slot AS ({slot} RETURNING 1), c AS ({Select(claim)}), n AS ({Select(notification!)}) {Select(delivery!)}", rows, withSlot: true);
            }
            else
            {
                Command(slot, [], withSlot: true);
                foreach (var row in rows)
                    Command(row.Sql, [row], withSlot: false);
            }
            foreach (var (command, _) in commands)
                await command.PrepareAsync();
            // Per row, where the columns each claim sets anew are (the rest keep the template's values).
            var fresh = rows.Select((row, r) => FreshColumns[r].Select(row.Column).ToArray()).ToArray();

            while (deadline.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                var (m, t) = data.ClaimPair(next());
                var now = DateTime.UtcNow;
                var claimId = Guid.CreateVersion7();
                var member = data.SignedInIds[m];
                object[][] values;
                if (rows.Length == 1)
                    values = [[claimId, t, member, now]];
                else
                {
                    var notificationId = Guid.CreateVersion7();
                    values = [[claimId, t, member, now], [notificationId, member, claimId, now], [Guid.CreateVersion7(), notificationId, now, now]];
                }
                var (first, _) = commands[0];
                first.Parameters[0].Value = t;
                first.Parameters[1].Value = now;
                try
                {
                    if (write == RawWrite.OneStatement)
                    {
                        for (var r = 0; r < rows.Length; r++)
                            Fill(first.Parameters, commands[0].Offsets[r], fresh[r], values[r]);
                        if (await first.ExecuteNonQueryAsync() != 1)
                        {
                            Interlocked.Increment(ref failures);
                            continue;
                        }
                    }
                    else
                    {
                        await using var transaction = await connection.BeginTransactionAsync();
                        if (await first.ExecuteNonQueryAsync() != 1)
                        {
                            await transaction.RollbackAsync();
                            Interlocked.Increment(ref failures);
                            continue;
                        }
                        for (var r = 0; r < rows.Length; r++)
                        {
                            var (command, offsets) = commands[r + 1];
                            Fill(command.Parameters, offsets[0], fresh[r], values[r]);
                            await command.ExecuteNonQueryAsync();
                        }
                        await transaction.CommitAsync();
                    }
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    // A pair taken before this run's reset by a request still in flight then (the API's, after wrk stopped):
                    // not this loop's claim to make; counted as failed, as the API's refusals are.
                    Interlocked.Increment(ref failures);
                    Interlocked.Increment(ref duplicates);
                    continue;
                }
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            foreach (var (command, _) in commands)
                await command.DisposeAsync();
            latencies.Add(mine);
        }));
        if (duplicates > 0)
            Console.Error.WriteLine($"Raw claim loop: {duplicates} pair(s) already claimed when it came to them (counted as failed claims)");
        return Measurement.Of(latencies.SelectMany(l => l).ToList(), failures, deadline.Elapsed) with
        {
            Generator = write switch
            {
                RawWrite.Whole => "Npgsql claim loop, the API's rows",
                RawWrite.OneStatement => "Npgsql claim loop, the API's rows in one statement",
                _ => "Npgsql claim loop",
            },
        };
    }

    /// <summary>
    /// The columns each claim sets anew, per row (claim, notification, delivery); the values come in this order:
    /// the claim's id, task, member and time; the notification's id, recipient, subject (the claim) and time; the
    /// delivery's id, notification and times.
    /// </summary>
    private static readonly string[][] FreshColumns =
    [
        ["Id", "TaskId", "MemberId", "ClaimedAt"], ["Id", "RecipientId", "SubjectId", "CreatedAt"], ["Id", "NotificationId", "CreatedAt", "NextAttemptAt"],
    ];

    /// <summary>Sets a row's fresh values into its parameters, which start at <paramref name="at"/>.</summary>
    private static void Fill(NpgsqlParameterCollection parameters, int at, int[] columns, object[] values)
    {
        for (var i = 0; i < columns.Length; i++)
            parameters[at + columns[i]].Value = values[i];
    }
}

/// <summary>What the raw claim loop writes per claim (see <see cref="RawClaim.RunAsync"/>).</summary>
enum RawWrite { OneRow, Whole, OneStatement }

sealed record Measurement(double PerSecond, double P50, double P95, double P99, int Count, int Failures)
{
    /// <summary>What drove the run: the load generator's name, or the raw claim loop.</summary>
    public string Generator { get; init; } = "";

    /// <summary>CPU time (user + system) the API process spent during the run, in ms.</summary>
    public double ApiCpuMs { get; init; }

    /// <summary>CPU time this benchmark process spent during the run (the HttpClient loop if it drove the run, and the raw app or claim loop on the raw side), in ms.</summary>
    public double BenchCpuMs { get; init; }

    /// <summary>CPU time of this process's children that ended during the run (wrk), in ms.</summary>
    public double ChildrenCpuMs { get; init; }

    /// <summary>CPU time the PostgreSQL server's processes spent during the run, in ms (NaN for a server on another machine).</summary>
    public double PostgresCpuMs { get; init; } = double.NaN;

    /// <summary>Of <see cref="ApiCpuMs"/>, what the API's tier-1 compiler threads spent, in ms (see <see cref="Cpu.MeterTieredJit"/>).</summary>
    public double ApiJitMs { get; init; }

    /// <summary>Milliseconds of CPU per request answered in the run.</summary>
    public double PerRequest(double ms) => ms / Math.Max(1, Count);

    public static Measurement Of(List<double> latencies, int failures, TimeSpan elapsed)
    {
        latencies.Sort();
        double At(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
        return new Measurement(latencies.Count / elapsed.TotalSeconds, At(0.50), At(0.95), At(0.99), latencies.Count, failures);
    }
}

/// <summary>
/// One endpoint's requests, for every load generator alike: request <c>k</c> (from 0) goes to <c>Paths[k % P]</c> with
/// the bearer token <c>Tokens[k / P % T]</c> (no <c>Authorization</c> header without tokens). With <see cref="EachOnce"/>
/// no request may repeat within a run (a claim: each member/task pair once), so a run must not need more than
/// <see cref="Distinct"/> requests.
/// </summary>
sealed record Requests(string Base, string Method, string[] Paths, IReadOnlyList<string>? Tokens, HttpStatusCode Expected, bool EachOnce = false)
{
    /// <summary>The most claims per second a round is sized for (the API and the raw loop serve 1,000–2,000 here).</summary>
    public const int MostClaimsPerSecond = 10_000;

    public long Distinct => Paths.Length * (long)(Tokens?.Count ?? 1);

    public (string Path, string? Token) At(long k) =>
        (Paths[(int)(k % Paths.Length)], Tokens is { Count: > 0 } t ? t[(int)(k / Paths.Length % t.Count)] : null);
}

/// <summary>A closed loop: each of <c>connections</c> keeps one request in flight for <c>duration</c>.</summary>
interface ILoadGenerator : IAsyncDisposable
{
    string Name { get; }

    Task<Measurement> RunAsync(Requests requests, int connections, TimeSpan duration);
}

/// <summary>
/// The in-process load loop: one <see cref="HttpClient"/>, a task per connection. Also the paced loop, the warm-up and
/// the probes, whatever drives the closed-loop rounds.
/// </summary>
sealed class HttpLoad : ILoadGenerator
{
    public string Name => "HttpClient";

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

    private static Task<bool> SendAsync(HttpClient http, Requests requests, long k)
    {
        var (path, token) = requests.At(k);
        return SendAsync(http, new HttpMethod(requests.Method), requests.Base + path, token, requests.Expected);
    }

    private static HttpClient Client(int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false });

    public async Task<Measurement> RunAsync(Requests requests, int connections, TimeSpan duration)
    {
        using var http = Client(connections);
        var next = -1L;
        var deadline = Stopwatch.StartNew();
        var latencies = new ConcurrentBag<List<double>>();
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (deadline.Elapsed < duration)
            {
                var k = Interlocked.Increment(ref next);
                if (requests.EachOnce && k >= requests.Distinct)
                    throw new InvalidOperationException($"The {requests.Distinct:N0} distinct requests ran out within the round");
                var started = Stopwatch.GetTimestamp();
                if (await SendAsync(http, requests, k))
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                else
                    Interlocked.Increment(ref failures);
            }
            latencies.Add(mine);
        })));
        return Measurement.Of(latencies.SelectMany(l => l).ToList(), failures, deadline.Elapsed) with { Generator = Name };
    }

    /// <summary>
    /// Paced load: request <c>i</c> is due at <c>start + i / rate</c>, sent by the first of <paramref name="connections"/>
    /// workers that is free. A request sent late because every worker was busy is timed from when it was due, so
    /// queueing counts in its latency (no coordinated omission); one sent on time is timed from when it was sent (the
    /// timer's own lateness, up to about a millisecond, is the loop's, not the server's).
    /// </summary>
    public static async Task<Measurement> RunPacedAsync(int connections, TimeSpan duration, double rate, Requests requests)
    {
        using var http = Client(connections);
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
                if (await SendAsync(http, requests, i))
                    mine.Add(Stopwatch.GetElapsedTime(from).TotalMilliseconds);
                else
                    Interlocked.Increment(ref failures);
            }
            latencies.Add(mine);
        })));
        return Measurement.Of(latencies.SelectMany(l => l).ToList(), failures, Stopwatch.GetElapsedTime(start)) with { Generator = "HttpClient, paced" };
    }

    /// <summary>A number of requests, not timed (warm-up and probes); <paramref name="next"/> numbers them.</summary>
    public static async Task<int> RunCountAsync(int connections, int count, Requests requests, Func<long> next)
    {
        using var http = Client(connections);
        var left = count;
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref left) >= 0)
                await SendAsync(http, requests, next());
        })));
        return count;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// wrk (https://github.com/wg/wrk, <c>apt-get install wrk</c>) as the closed loop: a C process of its own with a Lua
/// script this class writes to a temporary folder. Each wrk thread takes its own slice of the requests (thread
/// <c>t</c> of <c>T</c> sends requests <c>t, t + T, t + 2T, …</c>), so a request meant once is sent once; the script's
/// <c>done()</c> prints one line of counts and latency percentiles, which <see cref="Parse"/> reads. Any socket error,
/// timeout or status of 400 and above (wrk's "non-2xx or 3xx") counts as a failed request; a slice that runs out of
/// distinct requests fails the run.
/// </summary>
sealed class WrkLoad(string wrk, int threads) : ILoadGenerator
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("volunteer-load-wrk-");
    private readonly Dictionary<(Requests, int), string> _scripts = [];

    public string Name => $"wrk ({threads} thread{(threads == 1 ? "" : "s")})";

    /// <summary>wrk on the PATH, or null.</summary>
    public static WrkLoad? Find(int threads = 1) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "wrk")).FirstOrDefault(File.Exists) is { } path ? new WrkLoad(path, threads) : null;

    public async Task<Measurement> RunAsync(Requests requests, int connections, TimeSpan duration)
    {
        var uri = new Uri(requests.Base);
        var t = Math.Min(threads, connections);
        var info = new ProcessStartInfo(wrk)
        {
            ArgumentList = { "-t", $"{t}", "-c", $"{connections}", "-d", $"{Math.Max(1, (int)Math.Round(duration.TotalSeconds))}s",
                "--timeout", "30s", "-s", Script(requests, t), $"{uri.Scheme}://{uri.Authority}" },
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {await errors}");
        // wrk stops with requests in flight and does not wait for them: let the server finish them before the next run
        // (a claim committed after the next round's reset would take a pair that round uses again).
        await Task.Delay(500);
        return Parse(await output, requests) with { Generator = Name };
    }

    /// <summary>The line the script's done() prints: requests, failures of each kind, run time and percentiles in µs.</summary>
    public static Measurement Parse(string output, Requests requests)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("wrk-result ", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException($"wrk printed no result line:\n{output}");
        var v = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => f.Split('='))
            .ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture));
        if (v["exhausted"] > 0)
            throw new InvalidOperationException($"A wrk thread ran out of its share of the {requests.Distinct:N0} distinct requests " +
                "(member/task pairs): sign in more members (--signed-in) or shorten the rounds");
        var failures = v["connect"] + v["read"] + v["write"] + v["timeout"] + v["status"];
        var completed = v["requests"] - v["status"]; // wrk counts a response of status 400 and above as a request and as a status error
        return new Measurement(completed / (v["duration_us"] / 1e6), v["p50_us"] / 1000, v["p95_us"] / 1000, v["p99_us"] / 1000,
            (int)completed, (int)failures);
    }

    private string Script(Requests requests, int threads)
    {
        if (_scripts.TryGetValue((requests, threads), out var existing))
            return existing;
        static string Lua(string s) => s.All(c => c is >= ' ' and <= '~' and not '"' and not '\\')
            ? $"\"{s}\"" : throw new ArgumentException($"Not a plain string for the wrk script: {s}");
        var path = Path.Combine(_folder.FullName, $"requests-{_scripts.Count}.lua");
        File.WriteAllText(path, $$"""
            -- Written by eng/bench/load.cs: request k (from 0) goes to paths[k % #paths] with the token tokens[k / #paths % #tokens];
            -- wrk thread t of T sends requests t, t + T, t + 2T, ...
            local method, each_once = {{Lua(requests.Method)}}, {{(requests.EachOnce ? "true" : "false")}}
            local paths = { {{string.Join(", ", requests.Paths.Select(Lua))}} }
            local tokens = { {{string.Join(", ", (requests.Tokens ?? []).Select(Lua))}} }
            local distinct = #paths * math.max(#tokens, 1)
            local threads = {}

            function setup(thread)
              thread:set("first", #threads)
              table.insert(threads, thread)
            end

            local k, stride, built = 0, {{threads}}, {}
            exhausted = 0

            function init(args)
              k = first
            end

            local function build(i)
              local headers = {}
              if #tokens > 0 then
                headers["Authorization"] = "Bearer " .. tokens[math.floor(i / #paths) % #tokens + 1]
              end
              return wrk.format(method, paths[i % #paths + 1], headers)
            end

            function request()
              local i = k
              k = k + stride
              if i >= distinct then
                if each_once then exhausted = exhausted + 1 end
                i = i % distinct
              end
              if each_once then return build(i) end
              local r = built[i]
              if r == nil then
                r = build(i)
                built[i] = r
              end
              return r
            end

            function done(summary, latency, requests)
              local exhausted = 0
              for _, thread in ipairs(threads) do exhausted = exhausted + (thread:get("exhausted") or 0) end
              local e = summary.errors
              io.write(string.format("wrk-result requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d exhausted=%d p50_us=%d p95_us=%d p99_us=%d\n",
                summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout, exhausted,
                latency:percentile(50), latency:percentile(95), latency:percentile(99)))
            end
            """);
        _scripts[(requests, threads)] = path;
        return path;
    }

    public ValueTask DisposeAsync()
    {
        _folder.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// CPU time of a process from <c>/proc/&lt;pid&gt;/stat</c> (utime + stime, in clock ticks of 10 ms): robust on a
/// busy machine, where throughput is not. Sampled around each run for the API process, for this process, and for this
/// process's children that ended during the run (cutime + cstime: wrk, once it has exited and been waited for).
/// </summary>
static class Cpu
{
    private const double MsPerTick = 10; // USER_HZ is 100 on Linux

    /// <summary>utime + stime of <paramref name="pid"/>, or with <paramref name="children"/> cutime + cstime, in ms.</summary>
    public static double ProcessMs(int pid, bool children = false) => StatMs($"/proc/{pid}/stat", children);

    private static double StatMs(string statFile, bool children = false)
    {
        try
        {
            var stat = File.ReadAllText(statFile);
            // Fields after the command name (which may hold spaces), from field 3 (state) on: utime is field 14, stime 15,
            // cutime 16, cstime 17.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var first = children ? 13 : 11;
            return (long.Parse(fields[first], CultureInfo.InvariantCulture) + long.Parse(fields[first + 1], CultureInfo.InvariantCulture)) * MsPerTick;
        }
        catch (IOException) { return double.NaN; }
    }

    /// <summary>
    /// Waits until the runtime's tier-1 compiler thread of <paramref name="pid"/> (".NET Tiered Compilation Worker", its
    /// name cut to 15 characters in /proc) has used no CPU for <paramref name="quietFor"/>, or <paramref name="atMost"/> has
    /// passed; returns how long it waited and the CPU that thread used meanwhile.
    /// </summary>
    public static async Task<(TimeSpan Waited, double CpuMs)> TieredJitQuietAsync(int pid, TimeSpan quietFor, TimeSpan atMost)
    {
        await using var meter = MeterTieredJit(pid);
        var (used, started) = (0.0, Stopwatch.GetTimestamp());
        var quietSince = started;
        while (Stopwatch.GetElapsedTime(started) < atMost && Stopwatch.GetElapsedTime(quietSince) < quietFor)
        {
            await Task.Delay(250);
            if (meter.Ms > used)
                (used, quietSince) = (meter.Ms, Stopwatch.GetTimestamp());
        }
        return (Stopwatch.GetElapsedTime(started), used);
    }

    /// <summary>
    /// Meters the CPU of <paramref name="pid"/>'s tier-1 compiler threads from now until the result is disposed
    /// (<see cref="JitMeter.Ms"/> so far, final after that): sampled every 250 ms and summed per thread, since a worker
    /// thread ends when it has been idle for a while, taking its time with it, and a new one starts when there is work.
    /// </summary>
    public static JitMeter MeterTieredJit(int pid) => new(pid);

    public sealed class JitMeter : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _sampling;
        private double _ms;

        public JitMeter(int pid) => _sampling = SampleAsync(pid, _stop.Token);

        /// <summary>The compiler threads' CPU, in ms, over the metered time.</summary>
        public double Ms => Volatile.Read(ref _ms);

        private async Task SampleAsync(int pid, CancellationToken stop)
        {
            var seen = TieredJitThreads(pid);
            while (true)
            {
                var stopped = stop.IsCancellationRequested;
                var now = TieredJitThreads(pid);
                Volatile.Write(ref _ms, _ms + now.Sum(t => Math.Max(0, t.Value - seen.GetValueOrDefault(t.Key))));
                seen = now;
                if (stopped)
                    return;
                try { await Task.Delay(250, stop); }
                catch (OperationCanceledException) { }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _sampling;
            _stop.Dispose();
        }
    }

    private static Dictionary<string, double> TieredJitThreads(int pid)
    {
        var threads = new Dictionary<string, double>();
        foreach (var thread in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(thread, "comm")).StartsWith(".NET Tiered", StringComparison.Ordinal)
                    && StatMs(Path.Combine(thread, "stat")) is var ms && !double.IsNaN(ms))
                    threads[Path.GetFileName(thread)] = ms;
            }
            catch (IOException) { } // the thread ended meanwhile
        }
        return threads;
    }

    /// <summary>
    /// utime + stime of every PostgreSQL process this machine shows in /proc (the postmaster, its background workers and
    /// the backends), in ms; NaN when there is none (a server elsewhere). A backend that exits takes its time with it,
    /// so this is read around rounds whose connections stay open (both sides' pools do).
    /// </summary>
    public static double PostgresMs()
    {
        var total = 0.0;
        var any = false;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!char.IsAsciiDigit(Path.GetFileName(dir)[0]))
                continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd() != "postgres")
                    continue;
                if (StatMs(Path.Combine(dir, "stat")) is var ms && !double.IsNaN(ms))
                    (total, any) = (total + ms, true);
            }
            catch (IOException) { } // gone meanwhile
            catch (UnauthorizedAccessException) { }
        }
        return any ? total : double.NaN;
    }

    public static async Task<Measurement> SampleAsync(int apiPid, Func<Task<Measurement>> run)
    {
        var self = Environment.ProcessId;
        var (api, bench, children, postgres) = (ProcessMs(apiPid), ProcessMs(self), ProcessMs(self, children: true), PostgresMs());
        Measurement m;
        var jit = MeterTieredJit(apiPid);
        await using (jit)
            m = await run();
        return m with
        {
            ApiCpuMs = ProcessMs(apiPid) - api, BenchCpuMs = ProcessMs(self) - bench, ChildrenCpuMs = ProcessMs(self, children: true) - children,
            PostgresCpuMs = PostgresMs() - postgres, ApiJitMs = jit.Ms,
        };
    }
}

static class Stats
{
    public static double Median(IReadOnlyList<double> values) => Quantile(values, 0.5);

    /// <summary>The value below which a share <paramref name="q"/> of the values lie, interpolated between the nearest two.</summary>
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
            return double.NaN;
        var at = q * (sorted.Count - 1);
        var below = (int)Math.Floor(at);
        return below + 1 < sorted.Count ? sorted[below] + (at - below) * (sorted[below + 1] - sorted[below]) : sorted[below];
    }

    /// <summary>As <see cref="Show"/>, with the middle half's range (the quartiles) when there are six values or more.</summary>
    public static string ShowSpread(IReadOnlyList<double> values, string format = "0.00") => values.Count < 6 ? Show(values, "", format) :
        string.Create(CultureInfo.InvariantCulture, $"{Median(values).ToString(format)} (middle half {Quantile(values, 0.25).ToString(format)}–" +
            $"{Quantile(values, 0.75).ToString(format)}, all {values.Min().ToString(format)}–{values.Max().ToString(format)}, n = {values.Count})");

    public static string Show(IReadOnlyList<double> values, string unit, string format = "0.00") => values.Count == 0 ? "not measured" :
        $"{Median(values).ToString(format, CultureInfo.InvariantCulture)} {unit} ({values.Min().ToString(format, CultureInfo.InvariantCulture)}–{values.Max().ToString(format, CultureInfo.InvariantCulture)})";
}

sealed class Report
{
    private readonly List<(string What, int Connections, string Side, Measurement M)> _rows = [];
    public bool Overbooked { get; set; }
    public int Failures => _rows.Where(r => !r.What.StartsWith("claim", StringComparison.Ordinal) || r.Side == "api").Sum(r => r.M.Failures);

    /// <summary>Whether each measurement is also written as it ends (<c>--per-round</c>): the medians hide which round was slow.</summary>
    public bool PerRound { get; init; }

    public void Add(string what, int connections, string side, Measurement m)
    {
        _rows.Add((what, connections, side, m));
        if (PerRound)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {DateTime.UtcNow:HH:mm:ss} {what}, {connections} conns, {side}: {m.PerSecond:0}/s, p50 / p95 / p99 {m.P50:0.0} / {m.P95:0.0} / {m.P99:0.0} ms; " +
                $"CPU ms per request: API process {m.PerRequest(m.ApiCpuMs):0.000}, this process {m.PerRequest(m.BenchCpuMs):0.000}, PostgreSQL {m.PerRequest(m.PostgresCpuMs):0.000}; " +
                $"the API's tier-1 JIT {m.ApiJitMs:0} ms in all"));
    }

    /// <summary>The median rate of one side's rounds of a measurement (NaN when it did not run).</summary>
    public double MedianRate(string what, int connections, string side) =>
        Stats.Median(_rows.Where(r => r.What == what && r.Connections == connections && r.Side == side).Select(r => r.M.PerSecond).ToList());

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine("| what | conns | load generator (API / raw) | API req/s median (min–max) | API p50 / p95 / p99 ms (medians) | raw req/s median (min–max) | raw p99 ms | API / raw (per round: median, min–max) | API failures |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var group in _rows.GroupBy(r => (r.What, r.Connections)))
        {
            var api = group.Where(r => r.Side == "api").Select(r => r.M).ToList();
            var raw = group.Where(r => r.Side == "raw").Select(r => r.M).ToList();
            var ratios = api.Zip(raw, (a, b) => a.PerSecond / b.PerSecond).ToList();
            var generators = string.Join(" / ", new[] { api, raw }.Where(side => side.Count > 0).Select(side => side[0].Generator));
            Console.WriteLine($"| {group.Key.What} | {group.Key.Connections} | {generators} | {Stats.Show(api.Select(m => m.PerSecond).ToList(), "", "0")} | " +
                $"{Stats.Median(api.Select(m => m.P50).ToList()):0.0} / {Stats.Median(api.Select(m => m.P95).ToList()):0.0} / {Stats.Median(api.Select(m => m.P99).ToList()):0.0} | " +
                (raw.Count > 0
                    ? $"{Stats.Show(raw.Select(m => m.PerSecond).ToList(), "", "0")} | {Stats.Median(raw.Select(m => m.P99).ToList()):0.0} | {Stats.ShowSpread(ratios)} | "
                    : "— | — | — | ") +
                $"{api.Sum(m => m.Failures)} |");
        }
        // CPU per request: the API process's own; the load generator's (wrk: its own process, in the API run and in the
        // raw run; the HttpClient loop: this process during an API run); and the raw side's, which runs in this process:
        // this process during a raw run, less the HttpClient loop's share measured in the API run of the same round when
        // that loop drove the raw run too (nothing to take off under wrk, or for the claim loop, which has no HTTP).
        Console.WriteLine();
        Console.WriteLine("| what | conns | API CPU ms per request (min–max) | load generator CPU ms per request (API run / raw run) | raw CPU ms per request (min–max) | API / raw CPU | PostgreSQL CPU ms per request (API run / raw run) | API tier-1 JIT ms in a round (most) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        static double? GeneratorMs(Measurement m) => m.Generator.StartsWith("wrk", StringComparison.Ordinal) ? m.PerRequest(m.ChildrenCpuMs) : null;
        foreach (var group in _rows.GroupBy(r => (r.What, r.Connections)))
        {
            var api = group.Where(r => r.Side == "api").Select(r => r.M).ToList();
            var raw = group.Where(r => r.Side == "raw").Select(r => r.M).ToList();
            var apiCpu = api.Select(m => m.PerRequest(m.ApiCpuMs)).ToList();
            // The HttpClient loop runs in this process: in an API run, this process's CPU is the loop's.
            var apiLoad = api.Select(m => GeneratorMs(m) ?? m.PerRequest(m.BenchCpuMs)).ToList();
            var rawLoad = raw.Select(GeneratorMs).OfType<double>().ToList();
            var rawCpu = raw.Zip(apiLoad, (m, loop) => m.PerRequest(m.BenchCpuMs) - (m.Generator.StartsWith("HttpClient", StringComparison.Ordinal) ? loop : 0)).ToList();
            Console.WriteLine($"| {group.Key.What} | {group.Key.Connections} | {Stats.Show(apiCpu, "", "0.000")} | " +
                $"{Stats.Median(apiLoad):0.000} / {(rawLoad.Count > 0 ? Stats.Median(rawLoad).ToString("0.000", CultureInfo.InvariantCulture) : "—")} | " +
                (raw.Count > 0 ? $"{Stats.Show(rawCpu, "", "0.000")} | {Stats.Median(apiCpu) / Stats.Median(rawCpu):0.0} |" : "— | — |") +
                $" {Stats.Median(api.Select(m => m.PerRequest(m.PostgresCpuMs)).ToList()):0.000} / " +
                $"{(raw.Count > 0 ? Stats.Median(raw.Select(m => m.PerRequest(m.PostgresCpuMs)).ToList()).ToString("0.000", CultureInfo.InvariantCulture) : "—")} | " +
                $"{(api.Count > 0 ? api.Max(m => m.ApiJitMs) : 0):0} |");
        }
    }
}
