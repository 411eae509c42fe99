using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Volunteer.Tests.Support;

/// <summary>One request of a race: who sends it and what.</summary>
public sealed record Racer(string Token, HttpMethod Method, string Url, object? Body = null)
{
    public static Racer Post(string token, string url, object? body = null) => new(token, HttpMethod.Post, url, body ?? new { });
}

/// <summary>The answers of a race, in the order of its racers, and how many requests were in flight at once at most.</summary>
public sealed record RaceResult(IReadOnlyList<HttpResponseMessage> Responses, int PeakInFlight)
{
    public int Count(HttpStatusCode status) => Responses.Count(r => r.StatusCode == status);

    /// <summary>Reads every answer that is not <paramref name="success"/> as a ProblemDetails of <paramref name="refused"/>.</summary>
    public async Task<IReadOnlyList<string?>> RefusalCodesAsync(HttpStatusCode success, HttpStatusCode refused)
    {
        var codes = new List<string?>();
        foreach (var response in Responses.Where(r => r.StatusCode != success))
            codes.Add((await response.ProblemAsync(refused)).Code);
        return codes;
    }
}

/// <summary>
/// Fires many requests at the same moment. Every request is built first and waits at one gate;
/// opening the gate releases them together, so they overlap in the server and in the database.
/// A race whose requests never overlapped proves nothing, so that fails the test.
/// </summary>
public static class Race
{
    public static async Task<RaceResult> AllAtOnceAsync(this ApiFactory api, IReadOnlyList<Racer> racers)
    {
        api.EnsureAvailable();
        var inFlight = new InFlight();
        using var client = api.CreateDefaultClient(inFlight);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task<HttpResponseMessage> RunAsync(Racer racer)
        {
            using var request = new HttpRequestMessage(racer.Method, racer.Url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", racer.Token);
            if (racer.Body is not null)
                request.Content = JsonContent.Create(racer.Body, options: Http.Json);
            await gate.Task;
            var response = await client.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return response;
        }

        var running = racers.Select(RunAsync).ToList();
        gate.SetResult();
        var responses = await Task.WhenAll(running);

        TestContext.Current.TestOutputHelper?.WriteLine($"{racers.Count} requests, at most {inFlight.Peak} in flight at once.");
        Assert.True(inFlight.Peak > 1, $"The {racers.Count} requests ran one after another, not at once; the race proved nothing.");
        return new RaceResult(responses, inFlight.Peak);
    }

    public static Task<RaceResult> AllAtOnceAsync(this ApiFactory api, int times, Func<int, Racer> racer) =>
        api.AllAtOnceAsync(Enumerable.Range(0, times).Select(racer).ToList());

    /// <summary>Counts requests between sending and a complete answer.</summary>
    private sealed class InFlight : DelegatingHandler
    {
        private int _now;
        private int _peak;

        public int Peak => Volatile.Read(ref _peak);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _now);
            for (var peak = Peak; now > peak; peak = Peak)
                if (Interlocked.CompareExchange(ref _peak, now, peak) == peak)
                    break;
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                return response;
            }
            finally
            {
                Interlocked.Decrement(ref _now);
            }
        }
    }
}
