using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Audit;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Audit;

namespace Volunteer.Api.Audit;

/// <param name="Action">memberViewed 查看居民敏感信息、memberChanged 修改居民资料、sensitiveAddressViewed 查看困难居民地址、
/// dataExported 导出个人数据、memberErased 注销、pointsAdjusted 调整积分、accountChanged 账号或角色变更、
/// accountSignedIn 工作人员密码登录、accountLockedOut 密码连续错误账号被锁定。</param>
/// <param name="MemberId">被查看或修改的居民。</param>
/// <param name="Detail">所涉字段或对象（不含个人信息本身）。</param>
public sealed record AuditEntryResponse(Guid Id, DateTimeOffset At, Guid ActorId, ActorRole ActorRole, AuditAction Action, Guid? MemberId,
    Guid? StreetId, string? Detail)
{
    public static AuditEntryResponse Of(AuditEntry a) => new(a.Id, a.At, a.ActorId, a.ActorRole, a.Action, a.MemberId, a.StreetId, a.Detail);
}
