using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Api.Auth;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Tests.Support;

public enum Provider
{
    Postgres,
    Sqlite,
}

/// <summary>
/// The whole API in memory over a real database of its own: a fresh PostgreSQL database or a
/// fresh SQLite file per instance, migrated at start-up exactly as in production.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private string? _connectionString;
    private string? _sqliteFolder;
    private bool _ownsDatabase;

    public ApiFactory(Provider provider) : this(provider, null) { }

    /// <summary>Another API process on the database of another factory (<paramref name="sharedDatabase"/>), which keeps ownership of it.</summary>
    protected ApiFactory(Provider provider, string? sharedDatabase)
    {
        Provider = provider;
        _connectionString = sharedDatabase;
        _ownsDatabase = sharedDatabase is null;
    }

    /// <summary>Runs on a database someone else provides and drops (a private cluster); call before <see cref="InitializeAsync"/>.</summary>
    protected void UseDatabase(string connectionString)
    {
        _connectionString = connectionString;
        _ownsDatabase = false;
    }

    public Provider Provider { get; }
    public TestClock Clock { get; } = new(DateTimeOffset.UtcNow.AddTicks(-(DateTimeOffset.UtcNow.Ticks % TimeSpan.TicksPerSecond)));

    /// <summary>Sees every step of every job run; a test can make a run fail after a chosen step.</summary>
    public TestRunObserver Runs { get; } = new();

    /// <summary>This factory's database connection string (PostgreSQL) or SQLite data source.</summary>
    public string? ConnectionString => _connectionString;

    /// <summary>Extra configuration for a test class that needs it (WeChat stub, limits).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Folder used as content root's data folder for SQLite (tests of the embedded default).</summary>
    public string? SqliteFolder => _sqliteFolder;

    public virtual async ValueTask InitializeAsync()
    {
        if (!_ownsDatabase)
        {
            if (Provider == Provider.Postgres)
                TestPostgres.Require();
        }
        else if (Provider == Provider.Postgres)
        {
            if (!TestPostgres.Available)
            {
                if (TestPostgres.IsCi)
                    TestPostgres.Require();
                return;
            }
            _connectionString = await TestPostgres.CreateDatabaseAsync();
        }
        else
        {
            _sqliteFolder = Directory.CreateTempSubdirectory("volunteer-tests-").FullName;
            _connectionString = $"Data Source={Path.Combine(_sqliteFolder, "volunteer.db")}";
        }
        StartServer(); // start now: migrations run once per class, not inside the first test's timing
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            [Provider == Provider.Postgres ? "ConnectionStrings:Postgres" : "ConnectionStrings:Sqlite"] = _connectionString,
            ["Auth:SigningKey"] = "test-signing-key-0123456789-abcdefghijklmnop",
            ["Seeding:DemoData"] = "false",
            ["RateLimits:SignInPerMinute"] = "100000",
            ["RateLimits:CheckInPerMinute"] = "100000",
            ["RateLimits:FulfilPerMinute"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
            // Tests drive the jobs' use cases and the clock themselves; a test of the scheduler turns it on.
            ["Jobs:Scheduler"] = "false",
            // Hundreds of hosts share this process: a full collection after each one's start would hold up every
            // test running beside it. Scheduler nodes (JobServerTests) keep it on, as deployed.
            ["Memory:TrimWhenIdle"] = "false",
        };
        foreach (var (key, value) in Settings)
            settings[key] = value;
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IRunObserver>(Runs);
            services.AddSingleton<IStartupFilter, PeerAddress>();
        });
    }

    /// <summary>Adds EF Core interceptors to the DbContext of this factory's provider (a test's view of what reaches the database).</summary>
    protected void InterceptDatabase(IWebHostBuilder builder, params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors) =>
        builder.ConfigureTestServices(services =>
        {
            if (Provider == Provider.Postgres)
                services.ConfigureDbContext<PostgresVolunteerDbContext>(o => o.AddInterceptors(interceptors));
            else
                services.ConfigureDbContext<SqliteVolunteerDbContext>(o => o.AddInterceptors(interceptors));
        });

    /// <summary>Skips (locally) or fails (CI) when this factory's database is unavailable.</summary>
    public void EnsureAvailable()
    {
        if (Provider == Provider.Postgres)
            TestPostgres.Require();
    }

    public HttpClient Client(string? token = null)
    {
        EnsureAvailable();
        var client = CreateClient();
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<T> DbAsync<T>(Func<VolunteerDbContext, Task<T>> work)
    {
        EnsureAvailable();
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<VolunteerDbContext>());
    }

    public Task DbAsync(Func<VolunteerDbContext, Task> work) => DbAsync(async db =>
    {
        await work(db);
        return 0;
    });

    public string TokenFor(Member member) => Services.GetRequiredService<TokenIssuer>().ForMember(member).Token;

    public string TokenFor(Account account) => Services.GetRequiredService<TokenIssuer>().ForAccount(account).Token;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_connectionString is null || !_ownsDatabase)
            return;
        if (Provider == Provider.Postgres)
            await TestPostgres.DropDatabaseAsync(_connectionString);
        else if (_sqliteFolder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_sqliteFolder, recursive: true);
        }
        GC.SuppressFinalize(this);
    }
}

public sealed class PostgresApi() : ApiFactory(Provider.Postgres);

/// <summary>
/// Another API process on an existing database, with its Hangfire job server on, polling every second,
/// the catch-up every second and the expiry sweeps every second; a storage lock left behind is taken after 10 s.
/// </summary>
public sealed class SchedulerNode(Provider provider, string connectionString, IDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? configureServices = null) : ApiFactory(provider, connectionString)
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var all = new Dictionary<string, string?>
            {
                ["Jobs:Scheduler"] = "true",
                ["Jobs:RetryCron"] = "0/1 * * * * ?",
                ["Jobs:ExpiryInterval"] = "00:00:01",
                ["Jobs:PollInterval"] = "00:00:01",
                // A node whose connections a test kills may leave a storage lock behind (JobServerTests).
                ["Jobs:LockTimeout"] = "00:00:10",
                // As deployed: memory handed back after start-up and when quiet (Health/MemoryFootprint.cs); its
                // background service once made this node's shutdown fail (JobServerStart stopped twice at once).
                ["Memory:TrimWhenIdle"] = "true",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
                all[key] = value;
            return all;
        }
    }

    /// <summary>Starts the node and waits for its job server, which starts after the API is up (<see cref="JobServerStart"/>).</summary>
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        if (ConnectionString is not null)
            await Services.GetRequiredService<JobServerStart>().Started.WaitAsync(TimeSpan.FromSeconds(120));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (configureServices is not null)
            builder.ConfigureTestServices(configureServices);
    }
}

public sealed class SqliteApi() : ApiFactory(Provider.Sqlite);
