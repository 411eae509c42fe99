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

    private sealed class Server : IHostedService
    {
        public int Starts { get; private set; }
        public int Stops { get; private set; }
        public Task StartAsync(CancellationToken cancellationToken) { Starts++; return Task.CompletedTask; }
        public Task StopAsync(CancellationToken cancellationToken) { Stops++; return Task.CompletedTask; }
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

        await start.StopAsync(CancellationToken.None);
        Assert.Equal(1, server.Stops);
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
