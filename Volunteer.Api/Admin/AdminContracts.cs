using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Caching.Memory;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Communities;

namespace Volunteer.Api.Admin;

/// <param name="Role">communityStaff、partnerStaff、gridWorker、departmentStaff 或 streetAdmin。</param>
/// <param name="GridId">网格员所负责的网格；其他角色为 null。</param>
/// <param name="DepartmentId">职能部门工作人员所属部门；其他角色为 null。</param>
public sealed record AccountResponse(Guid Id, string Username, string DisplayName, ActorRole Role, Guid? StreetId, Guid? CommunityId,
    Guid? PartnerId, bool IsDisabled, DateTimeOffset CreatedAt, Guid? GridId = null, Guid? DepartmentId = null)
{
    public static AccountResponse Of(Account a) =>
        new(a.Id, a.Username, a.DisplayName, a.Role, a.StreetId, a.CommunityId, a.PartnerId, a.IsDisabled, a.CreatedAt, a.GridId, a.DepartmentId);
}

/// <summary>A new staff, partner staff or admin account.</summary>
/// <param name="Username">3–32 位字母、数字或 - _ .，不区分大小写。</param>
/// <param name="Password">至少 8 位，须含字母和数字。</param>
/// <param name="Role">communityStaff（须填 communityId）、partnerStaff（须填 partnerId）、gridWorker（须填 gridId）、departmentStaff（须填 departmentId，本街道的职能部门）或 streetAdmin（streetId 为空表示平台管理员）。</param>
/// <param name="GridId">网格员（role 为 gridWorker）所负责的网格，须属于本街道的社区；其他角色不得填写。</param>
/// <param name="DepartmentId">职能部门（仅 departmentStaff）。</param>
public sealed record CreateAccountRequest(string? Username, string? Password, string? DisplayName, ActorRole? Role,
    Guid? CommunityId, Guid? PartnerId, Guid? StreetId, Guid? GridId = null, Guid? DepartmentId = null) : IValidatableRequest
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
