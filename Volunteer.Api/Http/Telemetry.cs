using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Volunteer.Infrastructure.Observability;

namespace Volunteer.Api.Http;

/// <summary>
/// Metrics and traces with OpenTelemetry, both off unless configured.
/// <list type="bullet">
/// <item><c>Metrics:Port</c>: a Prometheus scrape endpoint on a management port of its own
/// (<c>Metrics:Host</c>, default <c>localhost</c>; <c>Metrics:Path</c>, default <c>/metrics</c>), served by a
/// listener apart from Kestrel, so the public port never answers it. Requests, database calls
/// (Npgsql's meter on PostgreSQL, EF Core's on both), outgoing HTTP, the runtime and the platform's
/// own counters (<see cref="VolunteerMetrics"/>).</item>
/// <item><c>Tracing:Exporter</c> = <c>none</c> (default) or <c>otlp</c> (<c>Tracing:OtlpEndpoint</c>,
/// <c>Tracing:SampleRatio</c>): spans of requests, outgoing HTTP, Npgsql commands, job runs and deliveries.</item>
/// </list>
/// </summary>
public static class Telemetry
{
    /// <summary>Meters of the libraries underneath: the PostgreSQL driver and EF Core (which also covers SQLite).</summary>
    private static readonly string[] LibraryMeters = ["Npgsql", "Microsoft.EntityFrameworkCore"];

    public static WebApplicationBuilder AddVolunteerTelemetry(this WebApplicationBuilder builder)
    {
        var settings = TelemetrySettings.From(builder.Configuration);
        if (settings.MetricsPort is null && !settings.TracingOn)
            return builder;

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("volunteer-api", serviceInstanceId: Environment.MachineName));
        if (settings.MetricsPort is { } port)
            telemetry.WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(VolunteerMetrics.MeterName)
                .AddMeter(LibraryMeters)
                .AddPrometheusHttpListener(o =>
                {
                    o.Host = settings.MetricsHost;
                    o.Port = port;
                    o.ScrapeEndpointPath = settings.MetricsPath;
                    // Prometheus scrapes every few seconds at most; every scrape sees the counts of that moment.
                    o.ScrapeResponseCacheDurationMilliseconds = 0;
                }));
        if (settings.TracingOn)
            telemetry.WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(settings.SampleRatio)))
                // Health probes would be most of the spans and tell nothing.
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddSource(VolunteerTracing.SourceName, "Npgsql")
                .AddOtlpExporter(o =>
                {
                    if (settings.OtlpEndpoint is { } endpoint)
                        o.Endpoint = endpoint;
                }));
        return builder;
    }
}

internal sealed record TelemetrySettings(int? MetricsPort, string MetricsHost, string MetricsPath, bool TracingOn, Uri? OtlpEndpoint,
    double SampleRatio)
{
    public static TelemetrySettings From(IConfiguration configuration)
    {
        int? port = string.IsNullOrWhiteSpace(configuration["Metrics:Port"]) ? null : configuration.GetValue<int>("Metrics:Port");
        if (port is not null and (< 1 or > 65535))
            throw new InvalidOperationException($"Metrics:Port must be a port number (1–65535), not {port}.");
        var host = configuration["Metrics:Host"] is { Length: > 0 } h ? h : "localhost";
        var path = configuration["Metrics:Path"] is { Length: > 0 } p ? p : "/metrics";
        if (!path.StartsWith('/'))
            throw new InvalidOperationException("Metrics:Path must start with '/'.");

        var exporter = configuration["Tracing:Exporter"] is { Length: > 0 } e ? e.Trim().ToLowerInvariant() : "none";
        var tracing = exporter switch
        {
            "none" => false,
            "otlp" => true,
            _ => throw new InvalidOperationException($"Tracing:Exporter must be 'none' or 'otlp', not '{exporter}'."),
        };
        Uri? endpoint = null;
        if (configuration["Tracing:OtlpEndpoint"] is { Length: > 0 } text && !Uri.TryCreate(text, UriKind.Absolute, out endpoint))
            throw new InvalidOperationException($"Tracing:OtlpEndpoint '{text}' is not an absolute URL.");
        var ratio = configuration.GetValue("Tracing:SampleRatio", 1.0);
        if (ratio is < 0 or > 1)
            throw new InvalidOperationException("Tracing:SampleRatio must be between 0 and 1.");
        return new TelemetrySettings(port, host, path, tracing, endpoint, ratio);
    }
}
