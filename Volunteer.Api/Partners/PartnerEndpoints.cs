using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Partners;

namespace Volunteer.Api.Partners;

public static class PartnerEndpoints
{
    public static IEndpointRouteBuilder MapPartners(this IEndpointRouteBuilder app)
    {
        var admin = app.MapApiGroup("/api/v1/admin/partners", "共建单位");
        admin.MapGet("/", ListForAdmin).WithName("ListPartnersForAdmin")
            .WithSummary("共建单位列表（街道管理员）").Problems(400, 403);
        admin.MapPost("/", Create).WithName("CreatePartner")
            .WithSummary("登记共建单位或商家")
            .WithDescription("街道管理员登记本街道的共建单位、商家或积分超市。工作人员账号通过 POST /api/v1/admin/accounts（role = partnerStaff）创建。")
            .Problems(400, 403, 409);
        admin.MapGet("/{id:guid}", GetForAdmin).WithName("GetPartnerForAdmin")
            .WithSummary("共建单位详情（协议、称号记录、工作人员）").Problems(403, 404);
        admin.MapPut("/{id:guid}", Update).WithName("UpdatePartner")
            .WithSummary("修改共建单位信息")
            .WithDescription("只修改请求体中给出的字段，未给出的保持不变；contact、address 传 null 表示清除，name、kind 不能清空。")
            .Problems(400, 403, 404, 409);
        admin.MapPut("/{id:guid}/communities/{communityId:guid}", Sign).WithName("SignAgreement")
            .WithSummary("签订或续签共建协议（关联服务社区）")
            .WithDescription("设置单位服务该社区的起止日期（含当天）；已终止的协议重新生效。新建返回 201，修改返回 200。")
            .Problems(400, 403, 404, 409);
        admin.MapDelete("/{id:guid}/communities/{communityId:guid}", Terminate).WithName("TerminateAgreement")
            .WithSummary("终止共建协议（取消关联）")
            .WithDescription("协议立即失效：该单位的奖品不再向该社区居民提供；已兑换的记录不受影响。协议作为历史保留。")
            .Problems(403, 404, 409);
        admin.MapPost("/{id:guid}/badges", Grant).WithName("GrantBadge")
            .WithSummary("授予称号（党员示范店 / 支部推荐放心店）").Problems(400, 403, 404, 409);
        admin.MapDelete("/{id:guid}/badges/{badge}", Revoke).WithName("RevokeBadge")
            .WithSummary("撤销称号").WithDescription("撤销记录（何人、何时）保留在称号记录中。").Problems(400, 403, 404, 409);

        var partners = app.MapApiGroup("/api/v1/partners", "共建单位");
        partners.MapGet("/", List).WithName("ListPartners")
            .WithSummary("服务本社区的共建单位与商家")
            .WithDescription("居民默认看到本人所在社区（共建协议有效期内）的单位及其称号；其他角色须指定 communityId。可按类型筛选。")
            .Problems(400, 409);
        partners.MapGet("/{id:guid}", Get).WithName("GetPartner")
            .WithSummary("共建单位详情").WithDescription("单位信息、称号及当前服务的社区。").Problems(404);

        return app;
    }

    private static async Task<Ok<Paged<PartnerResponse>>> ListForAdmin(ClaimsPrincipal user, PartnerQueries partners, int? page, int? pageSize,
        CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        return TypedResults.Ok(await paging.ApplyAsync(partners.Managed(user.Actor()), items => items.Select(PartnerResponse.Of).ToList(), ct));
    }

    private static async Task<Created<PartnerResponse>> Create(PartnerRequest body, ClaimsPrincipal user, CreatePartner useCase, CancellationToken ct)
    {
        var partner = await useCase.ExecuteAsync(user.Actor(), body.StreetId, Fields(body), ct);
        return TypedResults.Created($"/api/v1/admin/partners/{partner.Id}", PartnerResponse.Of(partner));
    }

    private static async Task<Ok<PartnerDetailResponse>> GetForAdmin(Guid id, ClaimsPrincipal user, PartnerQueries partners, TimeProvider clock,
        CancellationToken ct) =>
        TypedResults.Ok(DetailOf(await partners.DetailAsync(user.Actor(), id, ct), clock.GetUtcNow()));

    private static async Task<Ok<PartnerResponse>> Update(Guid id, PartnerChangeRequest body, ClaimsPrincipal user, UpdatePartner useCase,
        CancellationToken ct) =>
        TypedResults.Ok(PartnerResponse.Of(await useCase.ExecuteAsync(user.Actor(), id, body.ToChange(), ct)));

    private static async Task<Results<Created<AgreementResponse>, Ok<AgreementResponse>>> Sign(Guid id, Guid communityId, AgreementRequest body,
        ClaimsPrincipal user, SignAgreement useCase, PartnerQueries partners, TimeProvider clock, CancellationToken ct)
    {
        var (agreement, created) = await useCase.ExecuteAsync(user.Actor(), id, communityId, body.StartsOn!.Value, body.EndsOn!.Value, ct);
        var view = await AgreementViewAsync(partners, agreement, clock.GetUtcNow(), ct);
        return created
            ? TypedResults.Created($"/api/v1/admin/partners/{id}/communities/{communityId}", view)
            : TypedResults.Ok(view);
    }

    private static async Task<Ok<AgreementResponse>> Terminate(Guid id, Guid communityId, ClaimsPrincipal user, TerminateAgreement useCase,
        PartnerQueries partners, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await AgreementViewAsync(partners, await useCase.ExecuteAsync(user.Actor(), id, communityId, ct), clock.GetUtcNow(), ct));

    private static async Task<Ok<PartnerDetailResponse>> Grant(Guid id, BadgeRequest body, ClaimsPrincipal user, ManageBadges useCase,
        PartnerQueries partners, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(DetailOf(await partners.DetailAsync(await useCase.GrantAsync(user.Actor(), id, body.Badge!.Value, ct), ct), clock.GetUtcNow()));

    /// <param name="badge">partyMemberModelShop 或 branchRecommendedShop</param>
    private static async Task<Ok<PartnerDetailResponse>> Revoke(Guid id, BadgeKind badge, ClaimsPrincipal user, ManageBadges useCase,
        PartnerQueries partners, TimeProvider clock, CancellationToken ct)
    {
        return TypedResults.Ok(DetailOf(await partners.DetailAsync(await useCase.RevokeAsync(user.Actor(), id, badge, ct), ct), clock.GetUtcNow()));
    }

    /// <param name="communityId">社区：居民默认本人所在社区</param>
    /// <param name="kind">单位类型：unit、merchant、supermarket</param>
    private static async Task<Ok<Paged<PartnerResponse>>> List(ClaimsPrincipal user, PartnerQueries partners,
        Guid? communityId, PartnerKind? kind, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var query = await partners.ServingAsync(user.Actor(), communityId, kind, ct);
        return TypedResults.Ok(await paging.ApplyAsync(query, items => items.Select(PartnerResponse.Of).ToList(), ct));
    }

    private static async Task<Ok<PublicPartnerResponse>> Get(Guid id, ClaimsPrincipal user, PartnerQueries partners, CancellationToken ct)
    {
        var (partner, served) = await partners.VisibleAsync(user.Actor(), id, ct);
        return TypedResults.Ok(new PublicPartnerResponse(PartnerResponse.Of(partner),
            served.Select(c => new ServedCommunity(c.CommunityId, c.Name, c.EndsOn)).ToList()));
    }

    private static PartnerDetailResponse DetailOf(PartnerDetail detail, DateTimeOffset now)
    {
        var today = CoBuildingAgreement.Today(now);
        var partner = detail.Partner;
        return new PartnerDetailResponse(PartnerResponse.Of(partner),
            detail.Agreements.Select(x => AgreementResponse.Of(x.Agreement, x.CommunityName, today)).ToList(),
            partner.Badges.OrderBy(b => b.GrantedAt).Select(BadgeGrantResponse.Of).ToList(),
            detail.Staff.Select(a => new PartnerStaffResponse(a.Id, a.Username, a.DisplayName, a.IsDisabled)).ToList());
    }

    private static async Task<AgreementResponse> AgreementViewAsync(PartnerQueries partners, CoBuildingAgreement agreement, DateTimeOffset now,
        CancellationToken ct) =>
        AgreementResponse.Of(agreement, await partners.CommunityNameAsync(agreement.CommunityId, ct), CoBuildingAgreement.Today(now));

    private static PartnerFields Fields(PartnerRequest body) => new(body.Name!, body.Kind!.Value, body.Contact, body.Address);
}

