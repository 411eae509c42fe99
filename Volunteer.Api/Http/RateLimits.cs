using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Volunteer.Api.Auth;

namespace Volunteer.Api.Http;

/// <summary>Throttles the endpoints worth guessing at: sign-in (per client address), check-in and redemption codes (per caller).</summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string CheckIn = "check-in";
    public const string Fulfil = "fulfil";

    public static IServiceCollection AddVolunteerRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var signInPerMinute = configuration.GetValue("RateLimits:SignInPerMinute", 20);
        var checkInPerMinute = configuration.GetValue("RateLimits:CheckInPerMinute", 20);
        var fulfilPerMinute = configuration.GetValue("RateLimits:FulfilPerMinute", 60);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignIn, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = signInPerMinute, Window = TimeSpan.FromMinutes(1) }));
            o.AddPolicy(CheckIn, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.Identity?.IsAuthenticated == true ? context.User.Actor().Id.ToString() : "anonymous",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = checkInPerMinute, Window = TimeSpan.FromMinutes(1) }));
            o.AddPolicy(Fulfil, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.Identity?.IsAuthenticated == true ? context.User.Actor().Id.ToString() : "anonymous",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = fulfilPerMinute, Window = TimeSpan.FromMinutes(1) }));
            o.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = 429, Detail = "操作过于频繁，请一分钟后再试。" },
                });
            };
        });
        return services;
    }
}
