using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Infrastructure.Reports;

namespace Volunteer.Api.Reports;

/// <param name="Period">月份 yyyy-MM。</param>
/// <param name="Findings">异常线索：rule 为 linkedVerifier（核验账号与志愿者关联）、implausibleDuration（签到签退不足 1 分钟或超过任务时长）、
/// frequentPair（同一需求人与志愿者配对次数远高于本社区常态）、outlierPoints（本月积分远高于本社区分布）、
/// sharedSignIn（同一设备或同一网络地址本月登录了多位居民，memberIds 为这些居民）；claimIds 为相关认领记录。</param>
public sealed record AnomalyReportResponse(string Period, IReadOnlyList<AnomalyFinding> Findings);

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
