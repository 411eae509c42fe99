using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Audit;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Audit;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Api.Audit;

/// <param name="Action">memberViewed 查看居民敏感信息、memberChanged 修改居民资料、sensitiveAddressViewed 查看困难居民地址、
/// dataExported 导出个人数据、memberErased 注销、pointsAdjusted 调整积分、accountChanged 账号或角色变更。</param>
/// <param name="MemberId">被查看或修改的居民。</param>
/// <param name="Detail">所涉字段或对象（不含个人信息本身）。</param>
public sealed record AuditEntryResponse(Guid Id, DateTimeOffset At, Guid ActorId, ActorRole ActorRole, AuditAction Action, Guid? MemberId,
    Guid? StreetId, string? Detail)
{
    public static AuditEntryResponse Of(AuditEntry a) => new(a.Id, a.At, a.ActorId, a.ActorRole, a.Action, a.MemberId, a.StreetId, a.Detail);
}

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
    private static async Task<Ok<Paged<AuditEntryResponse>>> List(ClaimsPrincipal user, VolunteerDbContext db, Guid? memberId, Guid? actorId,
        string? action, string? period, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var filter = new AuditFilter(memberId, actorId, action is null ? null : QueryValues.Enum<AuditAction>(action, "action", default),
            QueryValues.OptionalPeriod(period));
        var query = AuditQueries.Visible(db, user.Actor(), filter).AsNoTracking();
        return TypedResults.Ok(await paging.ApplyAsync(query, items => items.Select(AuditEntryResponse.Of).ToList(), ct));
    }
}
