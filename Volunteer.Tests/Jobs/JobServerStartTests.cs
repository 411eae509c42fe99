using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Volunteer.Infrastructure.Jobs;

namespace Volunteer.Tests.Jobs;

/// <summary>
/// The job server starts after the API is up, not on the way to it: the host's start does not wait
/// for the schedule to be written or for Hangfire's server; a bad schedule still ends the process.
/// </summary>
public sealed class JobServerStartTests
{
    private sealed class Lifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _started = new();
        public CancellationToken ApplicationStarted => _started.Token;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public int StopRequests { get; private set; }
        public void StopApplication() => StopRequests++;
        public void Start() => _started.Cancel();
    }

    private sealed class Server : IHostedService, IDisposable
    {
        private int _stops;
        public int Starts { get; private set; }
        public int Stops => _stops;
        public bool Disposed { get; private set; }
        public TaskCompletionSource Stopping { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task StartAsync(CancellationToken cancellationToken) { Starts++; return Task.CompletedTask; }
        public Task StopAsync(CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(Disposed, this);
            Interlocked.Increment(ref _stops);
            return Stopping.Task;
        }
        public void Dispose() => Disposed = true;
    }

    [Fact]
    public async Task The_schedule_and_the_server_start_only_once_the_api_has_started_and_without_holding_it_up()
    {
        var lifetime = new Lifetime();
        var server = new Server();
        var scheduleWritten = 0;
        var release = new ManualResetEventSlim();
        using var start = new JobServerStart(lifetime, () => { release.Wait(TimeSpan.FromSeconds(30)); scheduleWritten++; }, () => server,
            NullLogger<JobServerStart>.Instance);

        await start.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(100);
        Assert.Equal((0, 0), (scheduleWritten, server.Starts)); // the host goes on to Kestrel meanwhile

        lifetime.Start();
        await Task.Delay(100);
        Assert.False(start.Started.IsCompleted); // the schedule is being written: the server waits for it
        Assert.Equal(0, server.Starts);

        release.Set();
        await start.Started.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((1, 1), (scheduleWritten, server.Starts));

        server.Stopping.SetResult();
        await start.StopAsync(CancellationToken.None);
        Assert.Equal(1, server.Stops);
    }

    /// <summary>
    /// Under WebApplicationFactory the host of a minimal-hosting app is stopped twice at once (the factory's
    /// StopAsync and the app's own <c>app.Run()</c>), and the second stop may come after the first has disposed
    /// the service provider: every stop waits for the one stop of the server, none throws.
    /// </summary>
    [Fact]
    public async Task Stopping_twice_at_once_and_again_after_disposal_stops_the_server_once_without_an_error()
    {
        var lifetime = new Lifetime();
        var server = new Server();
        var start = new JobServerStart(lifetime, () => { }, () => server, NullLogger<JobServerStart>.Instance);
        await start.StartAsync(CancellationToken.None);
        lifetime.Start();
        await start.Started.WaitAsync(TimeSpan.FromSeconds(10));

        var first = start.StopAsync(CancellationToken.None);
        var second = Task.Run(() => start.StopAsync(CancellationToken.None));
        await Task.Delay(100);
        Assert.False(first.IsCompleted || second.IsCompleted); // both wait for the server's stop
        server.Stopping.SetResult();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));

        start.Dispose();
        await start.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        start.Dispose();
        Assert.Equal((1, true), (server.Stops, server.Disposed));
    }

    [Fact]
    public async Task A_bad_schedule_stops_the_process_and_the_server_never_starts()
    {
        var lifetime = new Lifetime();
        var server = new Server();
        using var start = new JobServerStart(lifetime, () => throw new InvalidOperationException("Recurring job 'x': 'nope' is not a valid cron expression."),
            () => server, NullLogger<JobServerStart>.Instance);

        await start.StartAsync(CancellationToken.None);
        lifetime.Start();
        await Assert.ThrowsAsync<InvalidOperationException>(() => start.Started.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal((1, 0), (lifetime.StopRequests, server.Starts));
    }

    [Fact]
    public async Task A_storage_that_does_not_answer_yet_is_retried_and_a_stop_meanwhile_ends_the_attempts()
    {
        var lifetime = new Lifetime();
        var server = new Server();
        var attempts = 0;
        using var start = new JobServerStart(lifetime, () => { attempts++; throw new TimeoutException("lock held by another node"); },
            () => server, NullLogger<JobServerStart>.Instance);

        await start.StartAsync(CancellationToken.None);
        lifetime.Start();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (attempts == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.Equal(1, attempts);

        await start.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start.Started);
        Assert.Equal((0, 0, 0), (lifetime.StopRequests, server.Starts, server.Stops));
    }
}
