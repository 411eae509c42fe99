using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Communities;
using Volunteer.Infrastructure.Persistence;

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

/// <param name="Kind">unit 共建单位、merchant 商家、supermarket 积分超市。</param>
public sealed record PartnerResponse(Guid Id, Guid StreetId, string Name, PartnerKind Kind, string? Contact, string? Address)
{
    public static PartnerResponse Of(Partner p) => new(p.Id, p.StreetId, p.Name, p.Kind, p.Contact, p.Address);
}

public sealed record CreatePartnerRequest(string? Name, PartnerKind? Kind, string? Contact, string? Address, Guid? StreetId) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(Name, "name", "单位名称"),
        Require.Present(Kind, "kind", "单位类型"));
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

        var partners = app.MapApiGroup("/api/v1/admin/partners", "街道管理");
        partners.MapGet("/", ListPartners).WithName("ListPartnersForAdmin")
            .WithSummary("共建单位列表（街道管理员）").Problems(400, 403);
        partners.MapPost("/", CreatePartnerHandler).WithName("CreatePartner")
            .WithSummary("登记共建单位或商家").Problems(400, 403, 409);

        return app;
    }

    /// <param name="role">角色</param>
    /// <param name="communityId">社区</param>
    private static async Task<Ok<Paged<AccountResponse>>> ListAccounts(ClaimsPrincipal user, VolunteerDbContext db, ActorRole? role,
        Guid? communityId, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var actor = user.Actor();
        actor.EnsureAdmin();
        var query = db.Accounts.AsNoTracking();
        if (!actor.IsPlatformAdmin) query = query.Where(a => a.StreetId == actor.StreetId);
        if (role is { } r) query = query.Where(a => a.Role == r);
        if (communityId is { } c) query = query.Where(a => a.CommunityId == c);
        return TypedResults.Ok(await paging.ApplyAsync(query.OrderBy(a => a.Username), items => items.Select(AccountResponse.Of).ToList(), ct));
    }

    private static async Task<Created<AccountResponse>> Create(CreateAccountRequest body, ClaimsPrincipal user, CreateAccount useCase, CancellationToken ct)
    {
        var account = await useCase.ExecuteAsync(user.Actor(), new NewAccount(body.Username!, body.Password!, body.DisplayName!,
            body.Role!.Value, body.CommunityId, body.PartnerId, body.StreetId), ct);
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

    private static async Task<Ok<Paged<PartnerResponse>>> ListPartners(ClaimsPrincipal user, VolunteerDbContext db, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var actor = user.Actor();
        actor.EnsureAdmin();
        var query = db.Partners.AsNoTracking();
        if (!actor.IsPlatformAdmin) query = query.Where(p => p.StreetId == actor.StreetId);
        return TypedResults.Ok(await paging.ApplyAsync(query.OrderBy(p => p.Name), items => items.Select(PartnerResponse.Of).ToList(), ct));
    }

    private static async Task<Created<PartnerResponse>> CreatePartnerHandler(CreatePartnerRequest body, ClaimsPrincipal user, CreatePartner useCase, CancellationToken ct)
    {
        var partner = await useCase.ExecuteAsync(user.Actor(), body.StreetId, new PartnerFields(body.Name!, body.Kind!.Value, body.Contact, body.Address), ct);
        return TypedResults.Created($"/api/v1/admin/partners/{partner.Id}", PartnerResponse.Of(partner));
    }
}
