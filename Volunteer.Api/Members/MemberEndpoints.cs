using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Api.Me;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;

namespace Volunteer.Api.Members;

public static class MemberEndpoints
{
    public static IEndpointRouteBuilder MapMembers(this IEndpointRouteBuilder app)
    {
        var members = app.MapApiGroup("/api/v1/members", "居民管理");

        members.MapGet("/", List).WithName("ListMembers")
            .WithSummary("查询本社区居民")
            .WithDescription("社区工作人员查看本社区居民，街道管理员查看本街道居民；可按党员身份状态（如 pending 待确认）、网格、姓名或手机号筛选。")
            .Problems(400, 403);

        members.MapPost("/", Register).WithName("RegisterMember")
            .WithSummary("登记无智能手机的居民")
            .WithDescription("工作人员为老人等无智能手机的居民建档，之后可为其代下单。")
            .Problems(400, 403, 404);

        members.MapGet("/{id:guid}", Get).WithName("GetMember")
            .WithSummary("查看居民资料（工作人员）")
            .Problems(404);

        members.MapPut("/{id:guid}/circumstances", SetCircumstancesHandler).WithName("SetMemberCircumstances")
            .WithSummary("登记居民困难情况")
            .WithDescription("困难群众提交的需求，其地址仅对本社区工作人员和认领成功者可见。")
            .Problems(400, 404);

        members.MapPost("/{id:guid}/party-membership/confirm", Confirm).WithName("ConfirmPartyMembership")
            .WithSummary("确认党员身份")
            .Problems(404, 409);

        members.MapPost("/{id:guid}/party-membership/reject", Reject).WithName("RejectPartyMembership")
            .WithSummary("驳回党员身份申报")
            .Problems(400, 404, 409);

        return app;
    }

    /// <param name="partyStatus">党员身份状态</param>
    /// <param name="gridId">网格</param>
    /// <param name="q">姓名或手机号</param>
    private static async Task<Ok<Paged<MemberResponse>>> List(ClaimsPrincipal user, MemberQueries members, PartyStatus? partyStatus,
        Guid? gridId, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        return TypedResults.Ok(await paging.ApplyAsync(members.Managed(user.Actor(), partyStatus, gridId, q),
            items => items.Select(MemberResponse.Of).ToList(), ct));
    }

    private static async Task<Created<MemberResponse>> Register(RegisterMemberRequest body, ClaimsPrincipal user, RegisterMember useCase, CancellationToken ct)
    {
        var member = await useCase.ExecuteAsync(user.Actor(), body.CommunityId, body.Name!, body.Phone, body.GridId,
            CircumstanceNames.Parse(body.Circumstances), ct);
        return TypedResults.Created($"/api/v1/members/{member.Id}", MemberResponse.Of(member));
    }

    private static async Task<Ok<MemberResponse>> Get(Guid id, ClaimsPrincipal user, ViewMember useCase, CancellationToken ct) =>
        TypedResults.Ok(MemberResponse.Of(await useCase.ExecuteAsync(user.Actor(), id, ct)));

    private static async Task<Ok<MemberResponse>> SetCircumstancesHandler(Guid id, SetCircumstancesRequest body, ClaimsPrincipal user,
        SetCircumstances useCase, CancellationToken ct) =>
        TypedResults.Ok(MemberResponse.Of(await useCase.ExecuteAsync(user.Actor(), id, CircumstanceNames.Parse(body.Circumstances), ct)));

    private static async Task<Ok<MemberResponse>> Confirm(Guid id, ClaimsPrincipal user, ReviewPartyMembership useCase, CancellationToken ct) =>
        TypedResults.Ok(MemberResponse.Of(await useCase.ExecuteAsync(user.Actor(), id, true, null, ct)));

    private static async Task<Ok<MemberResponse>> Reject(Guid id, ReviewPartyRequest body, ClaimsPrincipal user, ReviewPartyMembership useCase, CancellationToken ct) =>
        TypedResults.Ok(MemberResponse.Of(await useCase.ExecuteAsync(user.Actor(), id, false, body.Reason, ct)));
}
