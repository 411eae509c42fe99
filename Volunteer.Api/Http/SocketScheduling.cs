using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Volunteer.Api.Http;

/// <summary>
/// Where a request's work runs between its sockets and the thread pool (<c>Http:Sockets:*</c>; docs/performance.md,
/// claims sixth pass, "Offload and socket scheduling, seventh pass" and "After the merge of the seventh passes").
/// **Off by default** on both databases; a deployment's own settings win. On, a request runs from its socket read to its answer on the
/// thread that completed the read — the runtime's epoll thread — instead of being handed to the thread pool at each
/// socket read (Kestrel's, then each of Npgsql's): measured on PostgreSQL, about 40 % less API CPU per claim at
/// 8 connections and 0.55–0.57 instead of 0.48 of the raw transaction on a quiet machine, since the workers no longer
/// spin and sleep between hand-offs.
/// <list type="bullet">
/// <item><c>InlineCompletions</c>: the runtime completes socket operations — Kestrel's and Npgsql's — on its epoll
/// threads (one per processor) instead of queueing them (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>, an
/// environment variable the runtime reads once; set here before the first socket unless the deployment set it).</item>
/// <item><c>InlineScheduling</c>: Kestrel runs the request on the thread that completed its socket read instead of queueing
/// it (<see cref="SocketTransportOptions.UnsafePreferInlineScheduling"/>).</item>
/// <item><c>IOQueueCount</c>: Kestrel's I/O queues (<see cref="SocketTransportOptions.IOQueueCount"/>).</item>
/// </list>
/// Why it may be turned on, on PostgreSQL: an epoll thread busy with one request holds up every connection it serves, so nothing
/// that runs after an awaited socket read may block or run long. No request path blocks on I/O (no synchronous wait on a
/// task, no synchronous database call on the product's connections); the work that runs long on the CPU — a password
/// verified or hashed (PBKDF2), a photo decoded and scaled (SkiaSharp), an Excel or CSV export, a QR code — and the
/// Hangfire dashboard (synchronous storage calls) and Swagger (the document built per request) leave the socket thread
/// first (<see cref="Volunteer.Infrastructure.Common.CpuWork"/>; the audit is in the README). What runs there is the
/// ordinary sub-millisecond work of a request. Why it is off by default all the same: on a quiet machine after the seventh
/// passes it bought nothing for claims (0.47 and 0.47 of the raw transaction at 8 connections, against 0.64 and 0.42 off)
/// and cost the reads at 64 connections (task lists 1,750/s with p99 70 ms, against 2,837/s and 64 ms off; `/me/points`
/// 4,115/s with p99 40 ms against 5,733/s and 23 ms): with every request on two epoll threads, a thread the scheduler
/// pauses stalls all its connections. In the claims eleventh pass both runs with it on had a 10-s round in which not one
/// claim was answered (their other rounds were normal); until that is understood, leave it off. Never turn it on with
/// SQLite: its "asynchronous" calls run synchronously (each query would block the epoll thread for its whole run) and a
/// writer may wait out its 10-s busy timeout.
/// </summary>
public static class SocketScheduling
{
    private const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>The settings in force: the deployment's <c>Http:Sockets:*</c> where set, else off (Kestrel's defaults).</summary>
    public static SocketSchedulingSettings Resolve(IConfiguration configuration)
    {
        var section = configuration.GetSection("Http:Sockets");
        return new SocketSchedulingSettings(
            section.GetValue("InlineCompletions", false),
            section.GetValue("InlineScheduling", false),
            section.GetValue<int?>("IOQueueCount"));
    }

    public static WebApplicationBuilder UseVolunteerSocketScheduling(this WebApplicationBuilder builder)
    {
        var settings = Resolve(builder.Configuration);
        // Tests host the API on an in-memory server with no sockets of its own; the test process's own sockets keep the
        // runtime's behaviour whatever order the tests run in.
        if (settings.InlineCompletions && !builder.Environment.IsEnvironment("Testing")
            && Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        builder.WebHost.UseSockets(o =>
        {
            o.UnsafePreferInlineScheduling = settings.InlineScheduling;
            if (settings.IOQueueCount is { } count)
                o.IOQueueCount = count;
        });
        return builder;
    }
}

/// <param name="InlineCompletions">The runtime completes socket operations on its epoll threads.</param>
/// <param name="InlineScheduling">Kestrel runs a request on the thread that completed its read.</param>
/// <param name="IOQueueCount">Kestrel's I/O queues; null: Kestrel's default.</param>
public sealed record SocketSchedulingSettings(bool InlineCompletions, bool InlineScheduling, int? IOQueueCount);
