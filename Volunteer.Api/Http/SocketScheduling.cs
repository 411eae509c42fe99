using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Volunteer.Api.Http;

/// <summary>
/// Where a request's work runs between its sockets and the thread pool (<c>Http:Sockets:*</c>; README, "Benchmark:
/// load", claims sixth pass). **Off by default:** a request is handed to the thread pool at each socket read (Kestrel's,
/// then each of Npgsql's), as ASP.NET Core does. Turned on, a request runs from its socket read to its answer on the
/// thread that completed the read — the runtime's epoll thread: measured on PostgreSQL, about 40 % less API CPU per
/// claim at 8 connections and 0.56 instead of 0.48 of the raw transaction on a quiet machine, since the workers no longer
/// spin and sleep between hand-offs.
/// <list type="bullet">
/// <item><c>InlineCompletions</c>: the runtime completes socket operations — Kestrel's and Npgsql's — on its epoll
/// threads (one per processor) instead of queueing them (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>, an
/// environment variable the runtime reads once; set here before the first socket unless the deployment set it).</item>
/// <item><c>InlineScheduling</c>: Kestrel runs the request on the thread that completed its socket read instead of queueing
/// it (<see cref="SocketTransportOptions.UnsafePreferInlineScheduling"/>).</item>
/// <item><c>IOQueueCount</c>: Kestrel's I/O queues (<see cref="SocketTransportOptions.IOQueueCount"/>).</item>
/// </list>
/// Why not by default: an epoll thread busy with one request holds up every connection it serves. Nothing on the request
/// paths blocks on I/O, but some run long on the CPU after an awaited read: a password sign-in or an account's new
/// password (PBKDF2, tens of milliseconds), a photo decoded and scaled (SkiaSharp), an Excel export, a QR code. Those
/// would stall every other request on that thread; they must be moved to the thread pool before this can be on by
/// default. On SQLite it must stay off: its "asynchronous" calls run synchronously and a writer may wait out its 10-s
/// busy timeout.
/// </summary>
public static class SocketScheduling
{
    private const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static WebApplicationBuilder UseVolunteerSocketScheduling(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Http:Sockets");
        var inlineCompletions = section.GetValue("InlineCompletions", false);
        var inlineScheduling = section.GetValue("InlineScheduling", false);
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
