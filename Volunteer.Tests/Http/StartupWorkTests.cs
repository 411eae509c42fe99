using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Volunteer.Api.Health;

namespace Volunteer.Tests.Http;

/// <summary>
/// The start-up work (migrations, start-up data) runs beside the rest of the start; what must not
/// happen before it is done waits for it: requests and readiness.
/// </summary>
public sealed class StartupWorkTests
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StartupWork Work(bool fail = false)
    {
        var work = new StartupWork(async () =>
        {
            await _release.Task;
            if (fail)
                throw new InvalidOperationException("migration failed on purpose");
        }, NullLogger.Instance);
        work.Begin();
        return work;
    }

    private static DefaultHttpContext Request(string path) => new() { Request = { Path = path } };

    [Fact]
    public async Task A_request_that_comes_during_the_start_up_work_waits_for_it_and_is_then_served()
    {
        var work = Work();
        var served = new List<string>();
        var gate = new StartupGate(c => { served.Add(c.Request.Path.Value!); return Task.CompletedTask; }, work);

        var early = gate.InvokeAsync(Request("/api/v1/me/points"));
        await gate.InvokeAsync(Request("/health/live"));
        await Task.Delay(200);
        Assert.False(early.IsCompleted);
        Assert.Equal(["/health/live"], served);

        _release.SetResult();
        await early.WaitAsync(TimeSpan.FromSeconds(10));
        await gate.InvokeAsync(Request("/api/v1/tasks"));
        Assert.Equal(["/health/live", "/api/v1/me/points", "/api/v1/tasks"], served);
    }

    [Fact]
    public async Task When_the_start_up_work_fails_waiting_requests_get_503_and_are_not_served()
    {
        var work = Work(fail: true);
        var served = 0;
        var gate = new StartupGate(_ => { served++; return Task.CompletedTask; }, work);

        var context = Request("/api/v1/me/points");
        var early = gate.InvokeAsync(context);
        _release.SetResult();
        await early.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal(0, served);
    }

    [Fact]
    public async Task Ready_is_unhealthy_while_the_start_up_work_runs_and_when_it_failed()
    {
        var pending = new DatabaseReadyCheck(null!, Work());
        var started = DateTime.UtcNow;
        var during = await pending.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, during.Status);
        Assert.Contains("正在启动", during.Description);
        Assert.True(DateTime.UtcNow - started >= DatabaseReadyCheck.StartupWait - TimeSpan.FromMilliseconds(50));

        var failing = Work(fail: true);
        _release.SetResult();
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing.Completion);
        var failed = await new DatabaseReadyCheck(null!, failing).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, failed.Status);
        Assert.Contains("启动失败", failed.Description);
    }
}
