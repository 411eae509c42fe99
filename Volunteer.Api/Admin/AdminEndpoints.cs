using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Communities;
using Volunteer.Infrastructure.Persistence;

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

public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapApiGroup("/api/v1/admin/accounts", "街道管理");
        accounts.MapGet("/", ListAccounts).WithName("ListAccounts")
            .WithSummary("账号列表（街道管理员）").Problems(400, 403);
        accounts.MapPost("/", Create).WithName("CreateAccount")
            .WithSummary("新建工作人员、共建单位或管理员账号").Problems(400, 403, 409);
        accounts.MapPost("/{id:guid}/disable", Disable).WithName("DisableAccount")
            .WithSummary("停用账号（已签发的令牌立即失效）").Problems(403, 404, 409);
        accounts.MapPost("/{id:guid}/enable", Enable).WithName("EnableAccount")
            .WithSummary("启用账号").Problems(403, 404);
        accounts.MapPost("/{id:guid}/password", ResetPassword).WithName("ResetAccountPassword")
            .WithSummary("重置账号密码").Problems(400, 403, 404);

        return app;
    }

    /// <param name="role">角色</param>
    /// <param name="communityId">社区</param>
    /// <param name="partnerId">共建单位（查看该单位的工作人员账号）</param>
    private static async Task<Ok<Paged<AccountResponse>>> ListAccounts(ClaimsPrincipal user, AccountQueries accounts, ActorRole? role,
        Guid? communityId, Guid? partnerId, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        return TypedResults.Ok(await paging.ApplyAsync(accounts.Managed(user.Actor(), role, communityId, partnerId),
            items => items.Select(AccountResponse.Of).ToList(), ct));
    }

    private static async Task<Created<AccountResponse>> Create(CreateAccountRequest body, ClaimsPrincipal user, CreateAccount useCase, CancellationToken ct)
    {
        var account = await useCase.ExecuteAsync(user.Actor(), new NewAccount(body.Username!, body.Password!, body.DisplayName!,
            body.Role!.Value, body.CommunityId, body.PartnerId, body.StreetId, body.GridId, body.DepartmentId), ct);
        return TypedResults.Created($"/api/v1/admin/accounts/{account.Id}", AccountResponse.Of(account));
    }

    private static async Task<Ok<AccountResponse>> Disable(Guid id, ClaimsPrincipal user, ManageAccount useCase, IMemoryCache cache, CancellationToken ct)
    {
        var account = await useCase.SetEnabledAsync(user.Actor(), id, false, ct);
        cache.ForgetAccount(account.Id);
        return TypedResults.Ok(AccountResponse.Of(account));
    }

    private static async Task<Ok<AccountResponse>> Enable(Guid id, ClaimsPrincipal user, ManageAccount useCase, IMemoryCache cache, CancellationToken ct)
    {
        var account = await useCase.SetEnabledAsync(user.Actor(), id, true, ct);
        cache.ForgetAccount(account.Id);
        return TypedResults.Ok(AccountResponse.Of(account));
    }

    private static async Task<Ok<AccountResponse>> ResetPassword(Guid id, ResetPasswordRequest body, ClaimsPrincipal user, ManageAccount useCase,
        IMemoryCache cache, CancellationToken ct)
    {
        var account = await useCase.ResetPasswordAsync(user.Actor(), id, body.Password, ct);
        cache.ForgetAccount(account.Id);
        return TypedResults.Ok(AccountResponse.Of(account));
    }
}
