using Microsoft.Extensions.DependencyInjection.Extensions;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Seeding;

namespace Volunteer.Api.Health;

/// <summary>
/// What must happen before the API serves: the migration check (and migrations, on a new database),
/// the bootstrap admin and, for demos, the demo data. It begins on the thread pool as soon as the host
/// is built, beside the set-up of the middleware and the endpoints (which need no database), and the
/// host starts (hosted services, then Kestrel) only when it is done, so a failure still ends the
/// process before it listens. What could come early waits for it all the same: <c>/health/ready</c>
/// answers 503 until it has completed (a probe waits up to 2 s for it), and any other request but
/// <c>/health/*</c> waits for it (<see cref="StartupGate"/>).
/// </summary>
public sealed class StartupWork
{
    private readonly Func<Task> _work;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _begun;

    public StartupWork(IServiceProvider services, ILogger<StartupWork> logger) : this(() => PrepareDatabaseAsync(services), logger) { }

    /// <summary>Other work in its place (tests of what waits for it).</summary>
    internal StartupWork(Func<Task> work, ILogger logger)
    {
        _work = work;
        _logger = logger;
    }

    /// <summary>Completes when the database is migrated and the start-up data is in place; faults when either failed.</summary>
    public Task Completion => _done.Task;

    private readonly TaskCompletionSource _firstReady = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when <c>/health/ready</c> first answered healthy: the end of start-up as an orchestrator sees it
    /// (the first request has built the route matcher by then). The start-up memory trim waits for it.</summary>
    internal Task FirstReady => _firstReady.Task;

    /// <summary>The readiness check found the process ready.</summary>
    internal void ReadyAnswered() => _firstReady.TrySetResult();

    /// <summary>Starts the work on the thread pool (once); returns at once.</summary>
    public void Begin()
    {
        if (Interlocked.Exchange(ref _begun, 1) == 1)
            return;
        _ = Task.Run(async () =>
        {
            try
            {
                var started = TimeProvider.System.GetTimestamp();
                await _work();
                _logger.LogInformation("Database ready in {Milliseconds:0} ms (migrations checked, start-up data in place)",
                    TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
                _done.TrySetResult();
            }
            catch (Exception e)
            {
                _logger.LogCritical(e, "Start-up work failed: the database could not be migrated or seeded");
                _done.TrySetException(e);
            }
        });
    }

    private static async Task PrepareDatabaseAsync(IServiceProvider services)
    {
        await PersistenceSetup.MigrateAsync(services);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<StartupData>().EnsureAsync(CancellationToken.None);
    }
}

/// <summary>Holds back every request but <c>/health/*</c> until the <see cref="StartupWork"/> is done.</summary>
internal sealed class StartupGate(RequestDelegate next, StartupWork work)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (work.Completion.IsCompletedSuccessfully || context.Request.Path.StartsWithSegments("/health"))
            return next(context);
        return WaitThenServe(context);
    }

    private async Task WaitThenServe(HttpContext context)
    {
        try
        {
            await work.Completion.WaitAsync(context.RequestAborted);
        }
        catch (Exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        await next(context);
    }
}

public static class StartupWorkSetup
{
    /// <summary>Registers the start-up work, the gate in front of every request and what readiness needs of it.</summary>
    public static IServiceCollection AddVolunteerStartupWork(this IServiceCollection services)
    {
        services.TryAddSingleton<StartupWork>();
        services.AddTransient<IStartupFilter, StartupGateFilter>();
        return services;
    }

    /// <summary>Begins the start-up work now, beside the set-up of the middleware and the mapping of the endpoints.</summary>
    public static void BeginStartupWork(this WebApplication app)
    {
        app.Services.GetRequiredService<StartupWork>().Begin();
        var logger = app.Services.GetRequiredService<ILogger<StartupWork>>();
        app.Lifetime.ApplicationStarted.Register(() => LogStarted(logger));
    }

    /// <summary>What start-up cost, for whoever watches it (README, "Benchmark: load"): wall clock, CPU and the JIT.</summary>
    private static void LogStarted(ILogger logger)
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        logger.LogInformation(
            "Started in {Milliseconds:0} ms: CPU {CpuMilliseconds:0} ms, {Methods} methods JIT-compiled in {JitMilliseconds:0} ms",
            (DateTime.Now - process.StartTime).TotalMilliseconds, Environment.CpuUsage.TotalTime.TotalMilliseconds,
            System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds);
    }

    /// <summary>
    /// Waits for the start-up work before the host starts (hosted services, then Kestrel): a failure ends
    /// the process here, before it listens, as a failed migration always did. The job server starts only
    /// once the API is up (<c>Volunteer.Infrastructure/Jobs/JobServerStart.cs</c>).
    /// </summary>
    public static Task StartupWorkDoneAsync(this WebApplication app)
    {
        // Meanwhile, on this thread: the endpoints (request delegates, the console's pages) are built
        // here rather than by the first request, while the start-up work mostly waits for the database.
        _ = new CompositeEndpointDataSource(((IEndpointRouteBuilder)app).DataSources).Endpoints;
        return app.Services.GetRequiredService<StartupWork>().Completion;
    }

    private sealed class StartupGateFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseMiddleware<StartupGate>();
            next(app);
        };
    }
}
