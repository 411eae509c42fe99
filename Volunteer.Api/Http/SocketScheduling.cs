using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Api.Http;

/// <summary>
/// Where a request's work runs between its sockets and the thread pool (<c>Http:Sockets:*</c>; README, "Benchmark:
/// load", claims sixth pass). By default a request on PostgreSQL runs from its socket read to its answer on the thread
/// that completed the read — the runtime's epoll thread — instead of being handed to the thread pool at each socket
/// read (Kestrel's, then each of Npgsql's): measured, about a quarter less API CPU per claim at 8 connections, since the workers
/// no longer spin and sleep between hand-offs.
/// <list type="bullet">
/// <item><c>InlineCompletions</c>: the runtime completes socket operations — Kestrel's and Npgsql's — on its epoll
/// threads (one per processor) instead of queueing them (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>, an
/// environment variable the runtime reads once; set here before the first socket unless the deployment set it).</item>
/// <item><c>InlineScheduling</c>: Kestrel runs the request on the thread that completed its socket read instead of queueing
/// it (<see cref="SocketTransportOptions.UnsafePreferInlineScheduling"/>).</item>
/// <item><c>IOQueueCount</c>: Kestrel's I/O queues (<see cref="SocketTransportOptions.IOQueueCount"/>).</item>
/// </list>
/// Safe only while nothing that runs after an awaited socket read blocks its thread, since a blocked epoll thread holds
/// up every connection it serves: the API's request paths and background work are asynchronous throughout (no
/// synchronous waits on tasks, no synchronous database calls, synchronous body I/O refused by Kestrel). SQLite is the
/// exception — its "asynchronous" calls run synchronously and a writer may wait up to its 10-s busy timeout — so on the
/// embedded SQLite default both stay off unless configured.
/// </summary>
public static class SocketScheduling
{
    private const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static bool InlineByDefault(DatabaseProvider provider) => provider == DatabaseProvider.Postgres;

    public static WebApplicationBuilder UseVolunteerSocketScheduling(this WebApplicationBuilder builder, DatabaseProvider provider)
    {
        var section = builder.Configuration.GetSection("Http:Sockets");
        var inlineCompletions = section.GetValue("InlineCompletions", InlineByDefault(provider));
        var inlineScheduling = section.GetValue("InlineScheduling", InlineByDefault(provider));
        var queues = section.GetValue<int?>("IOQueueCount");
        // Tests host the API on an in-memory server with no sockets of its own; the test process's own sockets keep the
        // runtime's behaviour whatever order the tests run in.
        if (inlineCompletions && !builder.Environment.IsEnvironment("Testing")
            && Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        builder.WebHost.UseSockets(o =>
        {
            o.UnsafePreferInlineScheduling = inlineScheduling;
            if (queues is { } count)
                o.IOQueueCount = count;
        });
        return builder;
    }
}
