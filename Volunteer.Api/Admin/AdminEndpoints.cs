using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Caching.Memory;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Communities;

namespace Volunteer.Api.Admin;

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
