using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Volunteer.Api.Http;

/// <summary>
/// Running behind a reverse proxy and being followed in the logs: console logs as plain text or
/// JSON (<c>Logging:Format</c>), every log line of a request carrying the <c>traceId</c> that its
/// ProblemDetails returns, and forwarded headers trusted only from the configured proxies
/// (<c>Http:KnownProxies</c>), so rate limits key on the real client address and nobody else can
/// choose theirs with an X-Forwarded-For header.
/// </summary>
public static class Operations
{
    public static WebApplicationBuilder AddVolunteerOperations(this WebApplicationBuilder builder)
    {
        var json = string.Equals(builder.Configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase);
        if (json)
            builder.Logging.AddJsonConsole(o => { o.IncludeScopes = true; o.UseUtcTimestamp = true; });
        else
            builder.Logging.AddSimpleConsole(o => { o.IncludeScopes = true; o.SingleLine = true; });

        var proxies = KnownProxies(builder.Configuration);
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the configured proxies are believed; the defaults (loopback) are dropped.
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var proxy in proxies)
                o.KnownProxies.Add(proxy);
            o.ForwardLimit = 1;
        });
        return builder;
    }

    /// <summary>Forwarded headers first, so everything after sees the client's own address.</summary>
    public static WebApplication UseVolunteerForwardedHeaders(this WebApplication app)
    {
        if (KnownProxies(app.Configuration).Count > 0)
            app.UseForwardedHeaders();
        return app;
    }

    internal static IReadOnlyList<IPAddress> KnownProxies(IConfiguration configuration)
    {
        var text = configuration["Http:KnownProxies"];
        if (string.IsNullOrWhiteSpace(text))
            return [];
        return text.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => IPAddress.TryParse(p, out var address) ? address
                : throw new InvalidOperationException($"Http:KnownProxies: '{p}' is not an IP address."))
            .ToList();
    }
}
