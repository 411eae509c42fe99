using System.Diagnostics;

namespace Volunteer.Api.Http;

/// <summary>
/// One log line per request naming the route template (not the raw path, which holds ids), status and
/// duration. Failures (5xx) are logged at Error; the other requests at Information, which the default
/// configuration leaves off (<c>Logging:LogLevel:Volunteer.Api.Http.RequestLogging</c> = Warning) because a
/// line per request cost 11–15 % of read throughput; set it to Information to see every request.
/// </summary>
internal sealed class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        // Routing has already matched the endpoint; read it now, because the exception handler
        // clears it before writing the ProblemDetails of a refused request.
        var endpoint = context.GetEndpoint();
        // Every log line of the request carries the traceId its ProblemDetails answer shows.
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["TraceId"] = context.TraceIdentifier });
        try
        {
            await next(context);
        }
        finally
        {
            var status = context.Response.StatusCode;
            var level = status >= 500 ? LogLevel.Error : LogLevel.Information;
            if (logger.IsEnabled(level))
            {
                var route = (endpoint ?? context.GetEndpoint()) is RouteEndpoint matched ? matched.RoutePattern.RawText : "(no route)";
                logger.Log(level, "HTTP {Method} {Route} responded {StatusCode} in {ElapsedMs:0.0} ms (traceId {TraceId})",
                    context.Request.Method, route, status, Stopwatch.GetElapsedTime(started).TotalMilliseconds, context.TraceIdentifier);
            }
        }
    }
}

/// <summary>
/// Refuses bodies above the limit with a 413 ProblemDetails before anything reads them. Kestrel
/// enforces the same limit on bodies without a Content-Length.
/// </summary>
internal sealed class BodySizeLimit(RequestDelegate next, IConfiguration configuration)
{
    private readonly long _limit = configuration.GetValue<long?>("Http:MaxRequestBodyBytes") ?? 64 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        // An endpoint that takes uploads raises the limit for itself only (AllowBodyUpTo).
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<LargeBodyLimit>()?.Bytes ?? _limit;
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;
        if (context.Request.ContentLength > limit)
            throw new BadHttpRequestException(ProblemTexts.TooLarge, StatusCodes.Status413PayloadTooLarge);
        return next(context);
    }
}

/// <summary>Endpoint metadata: this endpoint accepts bodies up to <see cref="Bytes"/> instead of <c>Http:MaxRequestBodyBytes</c>.</summary>
public sealed record LargeBodyLimit(long Bytes);

public static class LargeBodyLimits
{
    public static RouteHandlerBuilder AllowBodyUpTo(this RouteHandlerBuilder builder, long bytes) =>
        builder.WithMetadata(new LargeBodyLimit(bytes));
}
