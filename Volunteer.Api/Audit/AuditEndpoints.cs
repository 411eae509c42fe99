using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Audit;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Audit;

namespace Volunteer.Api.Audit;

public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapApiGroup("/api/v1/admin/audit", "个人信息").MapGet("/", List).WithName("ListAuditEntries")
            .WithSummary("审计记录（街道管理员）")
            .WithDescription("敏感信息的查看与修改记录，按时间倒序分页：查看或修改居民困难情况、电话，查看困难居民地址，导出与注销，" +
                "积分调整，账号与角色变更。街道管理员看本街道，平台管理员看全部。")
            .Problems(400, 403);
        return app;
    }

    /// <param name="memberId">按居民筛选。</param>
    /// <param name="actorId">按操作人筛选。</param>
    /// <param name="action">按事项筛选。</param>
    /// <param name="period">按月份筛选，yyyy-MM。</param>
    private static async Task<Ok<Paged<AuditEntryResponse>>> List(ClaimsPrincipal user, AuditQueries audit, Guid? memberId, Guid? actorId,
        string? action, string? period, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var filter = new AuditFilter(memberId, actorId, action is null ? null : QueryValues.Enum<AuditAction>(action, "action", default),
            QueryValues.OptionalPeriod(period));
        var query = audit.Visible(user.Actor(), filter);
        return TypedResults.Ok(await paging.ApplyAsync(query, items => items.Select(AuditEntryResponse.Of).ToList(), ct));
    }
}
