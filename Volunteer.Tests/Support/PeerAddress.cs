using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Volunteer.Tests.Support;

/// <summary>
/// The in-memory test server has no TCP peer. A request with the <see cref="Header"/> header arrives
/// as if from that address, before anything else (forwarded headers included) sees it — the way a
/// request from that machine would reach Kestrel. Requests without it are left alone.
/// </summary>
public sealed class PeerAddress : IStartupFilter
{
    public const string Header = "X-Test-Peer";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var peer))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                context.Request.Headers.Remove(Header);
            }
            return following(context);
        });
        next(app);
    };
}
