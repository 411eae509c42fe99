using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Volunteer.Tests.Support;

/// <summary>Waiting for what another thread or process brings about (a job server, a request whose client has gone).</summary>
public static class Wait
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test, naming it, once <paramref name="limit"/> has passed.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan limit, int pollMs = 200,
        [CallerArgumentExpression(nameof(condition))] string what = "")
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > limit)
                Assert.Fail($"Not reached within {limit}: {what}");
            await Task.Delay(pollMs);
        }
    }
}
