using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Volunteer.Infrastructure.Jobs;

/// <summary>
/// Starts the job server once the API is up (after Kestrel listens), not on the way to it: writes the
/// recurring jobs into storage (<see cref="RecurringJobSetup"/>, which also enqueues the start-up
/// catch-up), then starts Hangfire's server. Nothing the API answers depends on it: requests enqueue
/// through the storage, which any process can reach, and every job is safe to run late or twice.
/// The job storage is not even opened before then (on PostgreSQL, opening it prepares its schema).
/// A bad schedule (an invalid cron, a job declared twice) still ends the process; a storage that does not answer yet (the
/// database restarting, another node's lock) is retried every few seconds until it does.
/// </summary>
public sealed class JobServerStart : IHostedService, IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly IHostApplicationLifetime _lifetime;
    private readonly Action _writeSchedule;
    private readonly Func<IHostedService> _createServer;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private CancellationTokenRegistration _onStarted;
    private Task? _run;
    private IHostedService? _server;
    private Task? _stop;
    private bool _disposed;

    internal JobServerStart(IHostApplicationLifetime lifetime, Action writeSchedule, Func<IHostedService> createServer, ILogger<JobServerStart> logger)
    {
        _lifetime = lifetime;
        _writeSchedule = writeSchedule;
        _createServer = createServer;
        _logger = logger;
    }

    /// <summary>Completes when the schedule is in storage and the server runs; faults when the schedule is invalid.</summary>
    public Task Started => _started.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _onStarted = _lifetime.ApplicationStarted.Register(Begin);
        return Task.CompletedTask;
    }

    private void Begin()
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested || _run is not null)
                return;
            _run = Task.Run(async () =>
            {
                try
                {
                    await RunAsync();
                }
                catch (Exception e)
                {
                    if (!_stopping.IsCancellationRequested)
                        _logger.LogError(e, "The job server did not start");
                    _started.TrySetException(e);
                }
            });
        }
    }

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        var begun = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                _writeSchedule();
                break;
            }
            catch (InvalidOperationException e)
            {
                _logger.LogCritical(e, "The job schedule is invalid; stopping");
                // The stop is asked for before Started faults, so whoever waits on Started sees it asked.
                _lifetime.StopApplication();
                _started.TrySetException(e);
                return;
            }
            catch (Exception e) when (!token.IsCancellationRequested)
            {
                _logger.LogWarning(e, "Could not write the recurring jobs to the job storage yet; retrying in {Seconds} s", RetryDelay.TotalSeconds);
            }
            try
            {
                await Task.Delay(RetryDelay, token);
            }
            catch (OperationCanceledException)
            {
                _started.TrySetCanceled(token);
                return;
            }
        }

        lock (_gate)
        {
            if (token.IsCancellationRequested)
            {
                _started.TrySetCanceled(token);
                return;
            }
            _server = _createServer();
        }
        await _server.StartAsync(token);
        _logger.LogInformation("Job server started {Milliseconds:0} ms after the API (schedule written, start-up catch-up enqueued)",
            TimeProvider.System.GetElapsedTime(begun).TotalMilliseconds);
        _started.TrySetResult();
    }

    /// <summary>
    /// Stops the server once, however often and from however many threads the host asks: under
    /// <c>WebApplicationFactory</c> a minimal-hosting app is stopped twice at once (the factory's <c>StopAsync</c>
    /// and the entry point's own <c>app.Run()</c>, woken by ApplicationStopping; dotnet/aspnetcore#40271), and
    /// the second caller may come after the first has already disposed the service provider, and this with it.
    /// Every caller awaits the same stop.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        Task stop;
        lock (_gate)
        {
            if (_stop is null)
            {
                if (!_disposed)
                    _stopping.Cancel();
                _stop = StopOnceAsync(_run, cancellationToken);
            }
            stop = _stop;
        }
        return stop.WaitAsync(cancellationToken);
    }

    private async Task StopOnceAsync(Task? run, CancellationToken cancellationToken)
    {
        await _onStarted.DisposeAsync();
        if (run is not null)
            await run.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        IHostedService? server;
        lock (_gate)
            server = _server;
        if (server is not null)
            await server.StopAsync(cancellationToken);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            _stopping.Cancel(); // a run still retrying ends; a StopAsync after this only waits for what was begun
        }
        _onStarted.Dispose();
        (_server as IDisposable)?.Dispose();
        _stopping.Dispose();
    }
}
