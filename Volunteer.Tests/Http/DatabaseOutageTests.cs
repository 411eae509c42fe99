using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Volunteer.Api.Rewards;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>
/// PostgreSQL shuts down (an operator's fast stop, a failover) while a write is in flight. Whatever
/// statement the shutdown hits, the caller gets 503 <c>database.unavailable</c> — never a 500 — nothing
/// half-done is committed, and once the server is back the same request (same idempotency key) succeeds.
/// The server is a private throw-away cluster the test starts and stops itself.
/// </summary>
public sealed class DatabaseOutageTests(DatabaseOutageTests.OutageApi api) : IClassFixture<DatabaseOutageTests.OutageApi>
{
    /// <summary>The API on a private cluster, with a hook that stops the server just before a chosen statement.</summary>
    public sealed class OutageApi() : ApiFactory(Provider.Postgres)
    {
        public PrivatePostgres? Cluster { get; private set; }
        public Outage Outage { get; } = new();

        public override async ValueTask InitializeAsync()
        {
            TestPostgres.Require(); // the PostgreSQL tests run where PostgreSQL is installed
            if (PrivatePostgres.Binaries() is null)
            {
                if (TestPostgres.IsCi)
                    throw new InvalidOperationException("CI=true and no PostgreSQL binaries (initdb, pg_ctl) under /usr/lib/postgresql.");
                Assert.Skip("No PostgreSQL binaries to start a private cluster with.");
            }
            Cluster = await PrivatePostgres.StartAsync();
            Outage.Server = Cluster;
            UseDatabase(Cluster.ConnectionString);
            await base.InitializeAsync();
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
                services.ConfigureDbContext<PostgresVolunteerDbContext>(o => o.AddInterceptors(Outage, Outage.Commits)));
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            if (Cluster is not null)
                await Cluster.DisposeAsync();
        }
    }

    /// <summary>Stops the server once, right before the first command whose text matches, or before a commit.</summary>
    public sealed class Outage : DbCommandInterceptor
    {
        private Func<string, bool>? _when;
        private bool _whileRunning;
        private Task _stopped = Task.CompletedTask;

        public PrivatePostgres? Server { get; set; }
        public CommitHook Commits { get; }
        public bool Tripped { get; private set; }

        public Outage() => Commits = new CommitHook(this);

        /// <param name="whileRunning">
        /// False: the server is down before the statement is sent. True: the statement is sent with a
        /// pause in front, and the server shuts down while it runs, so the shutdown is its answer.
        /// </param>
        public void Arm(Func<string, bool> when, bool whileRunning = false)
        {
            _when = when;
            _whileRunning = whileRunning;
            Tripped = false;
        }

        /// <summary>Waits until the server is fully down (a shutdown while a statement runs finishes on its own time).</summary>
        public Task StoppedAsync() => _stopped;

        internal async Task TripAsync(string text, DbCommand? command = null)
        {
            if (_when is not { } when || !when(text))
                return;
            _when = null;
            Tripped = true;
            if (_whileRunning && command is not null)
            {
                command.CommandText = "SELECT pg_sleep(5);\n" + command.CommandText;
                _stopped = Task.Run(async () =>
                {
                    await Task.Delay(500);
                    await Server!.StopAsync();
                });
                return;
            }
            _stopped = Server!.StopAsync();
            await _stopped;
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken ct = default)
        {
            await TripAsync(command.CommandText, command);
            return result;
        }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken ct = default)
        {
            await TripAsync(command.CommandText, command);
            return result;
        }

        public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken ct = default)
        {
            await TripAsync(command.CommandText, command);
            return result;
        }
    }

    public sealed class CommitHook(Outage outage) : DbTransactionInterceptor
    {
        public const string Commit = "<COMMIT>";

        public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
            InterceptionResult result, CancellationToken ct = default)
        {
            await outage.TripAsync(Commit);
            return result;
        }
    }

    public static TheoryData<string> RedemptionSteps =>
    [
        "lock the member's account",
        "take the stock",
        "take the stock, shut down while it runs",
        "commit",
    ];

    private static Func<string, bool> Statement(string step) => step switch
    {
        "lock the member's account" => sql => sql.Contains("FOR UPDATE", StringComparison.Ordinal),
        "debit the balance" => sql => sql.Contains("UPDATE \"PointsAccounts\"", StringComparison.Ordinal),
        "write the ledger entry" => sql => sql.Contains("INSERT INTO \"LedgerEntries\"", StringComparison.Ordinal),
        "take the stock" or "take the stock, shut down while it runs" => sql => sql.Contains("UPDATE \"Rewards\"", StringComparison.Ordinal),
        "store the redemption" => sql => sql.Contains("INSERT INTO \"Redemptions\"", StringComparison.Ordinal),
        "commit" => sql => sql == CommitHook.Commit,
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    [Theory]
    [MemberData(nameof(RedemptionSteps))]
    public async Task A_redemption_in_flight_when_the_server_shuts_down_answers_503_and_commits_nothing(string step)
    {
        var place = await api.NewCommunityAsync();
        var shop = await api.NewShopAsync(place);
        var reward = await api.PublishRewardAsync(shop, place, cost: 20, stock: 5);
        var member = await api.NewResidentWithPointsAsync(place, 50);
        var key = Guid.NewGuid().ToString();

        api.Outage.Arm(Statement(step), whileRunning: step.Contains("while it runs", StringComparison.Ordinal));
        var response = await api.RedeemAsync(member.Token, reward.Id, key);
        await RestartAsync();

        Assert.Equal("database.unavailable", (await response.ProblemAsync(HttpStatusCode.ServiceUnavailable)).Code);
        Assert.Equal((50, 5, 0), (await api.BalanceAsync(member.Id), await api.StockAsync(reward.Id),
            await api.DbAsync(db => db.Redemptions.CountAsync(r => r.MemberId == member.Id))));
        Assert.Single(await api.LedgerAsync(member.Id)); // the 50 points given, nothing else

        // Back up: the client's retry with the same key redeems once.
        var redeemed = await (await api.RedeemAsync(member.Token, reward.Id, key)).ReadAsync<RedemptionResponse>(HttpStatusCode.Created);
        Assert.Equal((30, 4), (await api.BalanceAsync(member.Id), await api.StockAsync(reward.Id)));
        Assert.Equal(redeemed.Id, await api.DbAsync(db => db.Redemptions.Where(r => r.MemberId == member.Id).Select(r => r.Id).SingleAsync()));
        await api.AssertBooksBalanceAsync(member.Id);
    }

    public static TheoryData<string> OtherWrites => ["claim a task", "change my profile", "cancel a redemption"];

    [Theory]
    [MemberData(nameof(OtherWrites))]
    public async Task Every_other_write_caught_by_the_shutdown_answers_503_too(string write)
    {
        var place = await api.NewCommunityAsync();
        var member = await api.NewResidentWithPointsAsync(place, 50);
        var client = api.Client(member.Token);
        Func<Task<HttpResponseMessage>> send;
        switch (write)
        {
            case "claim a task":
                var taskId = await api.PublishTaskAsync(place);
                api.Outage.Arm(sql => sql.Contains("UPDATE \"Tasks\"", StringComparison.Ordinal));
                send = () => client.PostJsonAsync($"/api/v1/tasks/{taskId}/claims");
                break;
            case "change my profile":
                api.Outage.Arm(sql => sql.Contains("UPDATE \"Members\"", StringComparison.Ordinal));
                send = () => client.PutJsonAsync("/api/v1/me", new { phone = "13800001111" });
                break;
            default:
                var shop = await api.NewShopAsync(place);
                var reward = await api.PublishRewardAsync(shop, place, cost: 20, stock: 5);
                var redemption = await api.RedeemOkAsync(member.Token, reward.Id);
                api.Outage.Arm(sql => sql.Contains("UPDATE \"Rewards\"", StringComparison.Ordinal));
                send = () => client.PostJsonAsync($"/api/v1/redemptions/{redemption.Id}/cancel");
                break;
        }
        var before = await api.DatabaseAsync();

        var response = await send();
        await RestartAsync();

        Assert.True(api.Outage.Tripped, "the outage never happened");
        Assert.Equal("database.unavailable", (await response.ProblemAsync(HttpStatusCode.ServiceUnavailable)).Code);
        Assert.Equal(before, await api.DatabaseAsync());
        (await send()).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_transaction_whose_connection_died_is_reported_as_unavailable_whatever_the_driver_says_next()
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VolunteerDbContext>();
        Exception? firstFailure = null;

        var attempt = db.InTransactionAsync(async () =>
        {
            await db.Database.ExecuteSqlRawAsync("SELECT 1");
            api.Outage.Arm(sql => sql == "SELECT 2");
            try
            {
                await db.Database.ExecuteSqlRawAsync("SELECT 2");
            }
            catch (NpgsqlException e)
            {
                firstFailure = e; // a step that tolerates its own failure, as a best-effort side step would
            }
            // The transaction is gone with its connection; the next statement fails in whatever way the driver chooses.
            await db.Database.ExecuteSqlRawAsync("SELECT 3");
            return 0;
        }, CancellationToken.None);
        Exception? thrown = null;
        try
        {
            await attempt;
        }
        catch (Exception e)
        {
            thrown = e;
        }
        finally
        {
            await RestartAsync(); // the next test needs the server, whatever happened here
        }

        var failure = Assert.IsType<DatabaseUnavailableException>(thrown);
        Assert.NotNull(firstFailure);
        Assert.Equal(("database.unavailable", Volunteer.Domain.Common.ErrorKind.Unavailable), (failure.Code, failure.Kind));
        Assert.IsNotType<DatabaseUnavailableException>(failure.Failure);
    }

    private async Task RestartAsync()
    {
        Assert.True(api.Outage.Tripped, "the outage never happened");
        await api.Outage.StoppedAsync();
        await api.Cluster!.StartAgainAsync();
        // Connections the shutdown killed are gone from the pool; the next request opens new ones.
        NpgsqlConnection.ClearAllPools();
    }
}
