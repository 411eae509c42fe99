using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Caching.Memory;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Communities;

namespace Volunteer.Api.Admin;

/// <param name="Role">communityStaff、partnerStaff 或 streetAdmin。</param>
public sealed record AccountResponse(Guid Id, string Username, string DisplayName, ActorRole Role, Guid? StreetId, Guid? CommunityId,
    Guid? PartnerId, bool IsDisabled, DateTimeOffset CreatedAt)
{
    public static AccountResponse Of(Account a) =>
        new(a.Id, a.Username, a.DisplayName, a.Role, a.StreetId, a.CommunityId, a.PartnerId, a.IsDisabled, a.CreatedAt);
}

/// <summary>A new staff, partner staff or admin account.</summary>
/// <param name="Username">3–32 位字母、数字或 - _ .，不区分大小写。</param>
/// <param name="Password">至少 8 位，须含字母和数字。</param>
/// <param name="Role">communityStaff（须填 communityId）、partnerStaff（须填 partnerId）或 streetAdmin（streetId 为空表示平台管理员）。</param>
public sealed record CreateAccountRequest(string? Username, string? Password, string? DisplayName, ActorRole? Role,
    Guid? CommunityId, Guid? PartnerId, Guid? StreetId) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(Username, "username", "用户名"),
        Require.Present(Password, "password", "密码"),
        Require.Present(DisplayName, "displayName", "显示名称"),
        Require.Present(Role, "role", "角色"));
}

public sealed record ResetPasswordRequest(string? Password) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Password, "password", "新密码"));
}
