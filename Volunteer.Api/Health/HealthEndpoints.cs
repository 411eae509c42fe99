using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Api.Health;

/// <summary>Ready only when the start-up work is done, the database answers and every migration is applied.</summary>
internal sealed class DatabaseReadyCheck(RequestDatabase database, StartupWork startup) : IHealthCheck
{
    /// <summary>How long a probe that arrives during start-up waits for the start-up work before it answers 503.</summary>
    internal static readonly TimeSpan StartupWait = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            if (!startup.Completion.IsCompleted)
                await Task.WhenAny(startup.Completion, Task.Delay(StartupWait, ct));
            if (!startup.Completion.IsCompleted)
                return HealthCheckResult.Unhealthy("正在启动：数据库迁移与启动数据尚未完成。");
            if (startup.Completion.Exception is { } failed)
                return HealthCheckResult.Unhealthy("启动失败：数据库迁移或启动数据出错。", failed.InnerException);
            return await database.PendingMigrationsAsync(ct) switch
            {
                null => HealthCheckResult.Unhealthy("数据库无法连接。"),
                0 => Ready(),
                var pending => HealthCheckResult.Unhealthy($"有 {pending} 个迁移尚未应用。"),
            };
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("数据库检查失败。", e);
        }
    }

    private HealthCheckResult Ready()
    {
        startup.ReadyAnswered();
        return HealthCheckResult.Healthy("数据库可用，迁移已全部应用。");
    }
}

public static class HealthEndpoints
{
    public static IServiceCollection AddVolunteerHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .WithTags("健康检查").WithSummary("存活检查：进程在运行即返回 200");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteAsync })
            .WithTags("健康检查").WithSummary("就绪检查：数据库可连接且迁移已应用时返回 200，否则 503");
        return app;
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, Json));
    }
}
