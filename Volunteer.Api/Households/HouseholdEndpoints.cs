using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Infrastructure.Households;

namespace Volunteer.Api.Households;

/// <summary>户的积分：成员积分之和（不单独存储）。</summary>
/// <param name="Balance">当前积分余额之和。</param>
/// <param name="EarnedThisMonth">本月（北京时间）通过服务核销和人工调整获得的积分之和，即排行榜计入的积分；不含兑换、退回和表彰奖励。</param>
/// <param name="EarnedThisYear">本年度（北京时间，1 月起）同口径获得的积分之和。</param>
public sealed record HouseholdPointsResponse(int Balance, int EarnedThisMonth, int EarnedThisYear)
{
    public static HouseholdPointsResponse Of(PointsFigures p) => new(p.Balance, p.EarnedThisMonth, p.EarnedThisYear);
}

/// <param name="IsHead">是否户主。</param>
/// <param name="IsPartyMember">是否已确认的党员。</param>
public sealed record HouseholdMemberResponse(Guid Id, string Name, bool IsHead, bool IsPartyMember, HouseholdPointsResponse Points)
{
    public static HouseholdMemberResponse Of(HouseholdMemberLine m) => new(m.Id, m.Name, m.IsHead, m.IsConfirmedPartyMember, HouseholdPointsResponse.Of(m.Points));
}

/// <summary>A household (户) as the staff who manage it see it.</summary>
/// <param name="AddressUnit">门牌（楼栋/单元/房号），社区内唯一。</param>
/// <param name="HeadMemberId">户主；尚未指定为 null。</param>
/// <param name="Points">户积分：成员积分之和。</param>
/// <param name="BuildingId">所在楼栋（由此属于某个网格）；尚未指定为 null。</param>
/// <param name="CentralHouseholdId">联系本户的党员中心户；没有为 null。</param>
public sealed record HouseholdResponse(Guid Id, Guid CommunityId, string AddressUnit, Guid? HeadMemberId,
    IReadOnlyList<HouseholdMemberResponse> Members, HouseholdPointsResponse Points, DateTimeOffset CreatedAt, Guid? BuildingId,
    Guid? CentralHouseholdId)
{
    public static HouseholdResponse Of(HouseholdDetail d) => new(d.Household.Id, d.Household.CommunityId, d.Household.AddressUnit,
        d.Household.HeadMemberId, d.Members.Select(HouseholdMemberResponse.Of).ToList(), HouseholdPointsResponse.Of(d.Points), d.Household.CreatedAt,
        d.Household.BuildingId, d.Household.CentralHouseholdId);
}

/// <param name="HeadName">户主姓名；尚未指定为 null。</param>
/// <param name="MemberCount">成员人数。</param>
/// <param name="BuildingId">所在楼栋；尚未指定为 null。</param>
public sealed record HouseholdSummaryResponse(Guid Id, Guid CommunityId, string AddressUnit, Guid? HeadMemberId, string? HeadName,
    int MemberCount, DateTimeOffset CreatedAt, Guid? BuildingId)
{
    public static HouseholdSummaryResponse Of(HouseholdSummary h) =>
        new(h.Id, h.CommunityId, h.AddressUnit, h.HeadMemberId, h.HeadName, h.MemberCount, h.CreatedAt, h.BuildingId);
}

/// <param name="CommunityId">所在社区：街道管理员必填；社区工作人员默认本社区。</param>
/// <param name="AddressUnit">门牌（楼栋/单元/房号），如“3栋2单元301”；社区内唯一，多余空格会被合并。</param>
/// <param name="HeadMemberId">户主（可选）：本社区居民，同时加入本户。</param>
/// <param name="BuildingId">所在楼栋（可选），须属于本社区。</param>
public sealed record CreateHouseholdRequest(Guid? CommunityId, string? AddressUnit, Guid? HeadMemberId, Guid? BuildingId = null) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(AddressUnit, "addressUnit", "门牌"));
}

/// <summary>A change of a household: the fields given change, the others stay.</summary>
/// <param name="AddressUnit">新门牌；不传则不变。</param>
/// <param name="HeadMemberId">新户主，须是本户成员；不传则不变。</param>
/// <param name="BuildingId">所在楼栋，须属于本社区；不传则不变。党员中心户迁往其他网格的楼栋前须先撤销（409）。</param>
public sealed record UpdateHouseholdRequest(string? AddressUnit, Guid? HeadMemberId, Guid? BuildingId = null) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate()
    {
        if (AddressUnit is not null && string.IsNullOrWhiteSpace(AddressUnit))
            yield return new FieldError("addressUnit", "门牌不能为空。");
    }
}

public sealed record HouseholdMemberRequest(Guid? MemberId) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(MemberId, "memberId", "居民"));
}

public static class HouseholdEndpoints
{
    public static IEndpointRouteBuilder MapHouseholds(this IEndpointRouteBuilder app)
    {
        var households = app.MapApiGroup("/api/v1/households", "住户");

        households.MapPost("/", Create).WithName("CreateHousehold")
            .WithSummary("登记住户（户）")
            .WithDescription("社区工作人员在本社区、街道管理员在本街道的社区登记一户：门牌在社区内唯一（409 household.addressTaken）；"
                + "可同时指定户主（本社区居民，随之加入本户）。")
            .Problems(400, 403, 404, 409);

        households.MapGet("/", List).WithName("ListHouseholds")
            .WithSummary("查询住户")
            .WithDescription("社区工作人员查看本社区住户，街道管理员查看本街道住户；q 按门牌或成员姓名搜索。困难居民所在住户的门牌被查看时记入审计。")
            .Problems(400, 403);

        households.MapGet("/{id:guid}", Get).WithName("GetHousehold")
            .WithSummary("住户详情：成员与户积分")
            .WithDescription("户积分为成员积分之和：当前余额之和，以及本月、本年通过服务获得的积分之和（口径同排行榜）。")
            .Problems(404);

        households.MapPut("/{id:guid}", Update).WithName("UpdateHousehold")
            .WithSummary("修改门牌或指定户主")
            .WithDescription("只修改给出的字段；户主须是本户成员。")
            .Problems(400, 404, 409);

        households.MapPost("/{id:guid}/members", AddMember).WithName("AddHouseholdMember")
            .WithSummary("添加住户成员")
            .WithDescription("居民须属于本户所在社区；一位居民只能属于一户，已属于其他户的先移出（409 household.memberInOtherHousehold）。")
            .Problems(400, 404, 409);

        households.MapDelete("/{id:guid}/members/{memberId:guid}", RemoveMember).WithName("RemoveHouseholdMember")
            .WithSummary("移出住户成员")
            .WithDescription("移出的是户主时，本户暂无户主，直到重新指定。")
            .Problems(404, 409);

        return app;
    }

    private static async Task<Created<HouseholdResponse>> Create(CreateHouseholdRequest body, ClaimsPrincipal user, CreateHousehold useCase,
        HouseholdQueries queries, CancellationToken ct)
    {
        var actor = user.Actor();
        var household = await useCase.ExecuteAsync(actor, body.CommunityId, body.AddressUnit!, body.HeadMemberId, ct, body.BuildingId);
        return TypedResults.Created($"/api/v1/households/{household.Id}", HouseholdResponse.Of(await queries.DetailAsync(actor, household.Id, ct)));
    }

    /// <param name="communityId">社区</param>
    /// <param name="q">门牌或成员姓名</param>
    private static async Task<Ok<Paged<HouseholdSummaryResponse>>> List(ClaimsPrincipal user, HouseholdQueries queries, Guid? communityId,
        string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var actor = user.Actor();
        var paged = await PageRequest.From(page, pageSize).ApplyAsync(queries.Managed(actor, communityId, q),
            items => items.Select(HouseholdSummaryResponse.Of).ToList(), ct);
        await queries.AuditShownAsync(actor, paged.Items.Select(h => h.Id).ToList(), "households list", ct);
        return TypedResults.Ok(paged);
    }

    private static async Task<Ok<HouseholdResponse>> Get(Guid id, ClaimsPrincipal user, HouseholdQueries queries, CancellationToken ct) =>
        TypedResults.Ok(HouseholdResponse.Of(await queries.DetailAsync(user.Actor(), id, ct)));

    private static async Task<Ok<HouseholdResponse>> Update(Guid id, UpdateHouseholdRequest body, ClaimsPrincipal user, UpdateHousehold useCase,
        HouseholdQueries queries, CancellationToken ct)
    {
        var actor = user.Actor();
        await useCase.ExecuteAsync(actor, id, body.AddressUnit, body.HeadMemberId, ct, body.BuildingId);
        return TypedResults.Ok(HouseholdResponse.Of(await queries.DetailAsync(actor, id, ct)));
    }

    private static async Task<Ok<HouseholdResponse>> AddMember(Guid id, HouseholdMemberRequest body, ClaimsPrincipal user,
        AddHouseholdMember useCase, HouseholdQueries queries, CancellationToken ct)
    {
        var actor = user.Actor();
        await useCase.ExecuteAsync(actor, id, body.MemberId!.Value, ct);
        return TypedResults.Ok(HouseholdResponse.Of(await queries.DetailAsync(actor, id, ct)));
    }

    private static async Task<Ok<HouseholdResponse>> RemoveMember(Guid id, Guid memberId, ClaimsPrincipal user, RemoveHouseholdMember useCase,
        HouseholdQueries queries, CancellationToken ct)
    {
        var actor = user.Actor();
        await useCase.ExecuteAsync(actor, id, memberId, ct);
        return TypedResults.Ok(HouseholdResponse.Of(await queries.DetailAsync(actor, id, ct)));
    }
}
