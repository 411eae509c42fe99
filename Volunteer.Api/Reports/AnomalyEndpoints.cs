using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Infrastructure.Reports;

namespace Volunteer.Api.Reports;

public static class AnomalyEndpoints
{
    public static IEndpointRouteBuilder MapAnomalies(this IEndpointRouteBuilder app)
    {
        app.MapApiGroup("/api/v1/reports", "异常线索").MapGet("/anomalies", Get).WithName("GetAnomalies")
            .WithSummary("异常线索（工作人员、街道管理员）")
            .WithDescription("某月需要复核的记录：工作人员看本社区，街道管理员看本街道。每条线索列出相关认领记录或居民，仅供复核，不代表违规。")
            .Problems(400, 403);
        return app;
    }

    /// <param name="period">月份，yyyy-MM（必填）。</param>
    private static async Task<Ok<AnomalyReportResponse>> Get(ClaimsPrincipal user, FindAnomalies useCase, TimeProvider clock, string? period,
        CancellationToken ct)
    {
        var month = QueryValues.NotFuture(QueryValues.RequiredPeriod(period), clock.GetUtcNow(), allowCurrent: true);
        var findings = await useCase.ExecuteAsync(user.Actor(), month, ct);
        return TypedResults.Ok(new AnomalyReportResponse(month.ToString(), findings));
    }
}
