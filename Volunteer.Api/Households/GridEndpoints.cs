using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Households;
using Volunteer.Infrastructure.Households;

namespace Volunteer.Api.Households;

public sealed record BuildingResponse(Guid Id, Guid CommunityId, Guid GridId, string Name, DateTimeOffset CreatedAt)
{
    public static BuildingResponse Of(Building b) => new(b.Id, b.CommunityId, b.GridId, b.Name, b.CreatedAt);
}

/// <param name="LeaderMemberId">党小组长：已确认身份的本社区党员。</param>
public sealed record PartyGroupResponse(Guid Id, Guid BuildingId, string Name, Guid LeaderMemberId, DateTimeOffset CreatedAt)
{
    public static PartyGroupResponse Of(PartyGroup g) => new(g.Id, g.BuildingId, g.Name, g.LeaderMemberId, g.CreatedAt);
}

/// <param name="HouseholdId">党员中心户所在的户。</param>
/// <param name="PartyMemberId">担任中心户的党员（本户成员）。</param>
public sealed record CentralHouseholdResponse(Guid Id, Guid HouseholdId, Guid PartyMemberId, DateTimeOffset CreatedAt)
{
    public static CentralHouseholdResponse Of(CentralHousehold c) => new(c.Id, c.HouseholdId, c.PartyMemberId, c.CreatedAt);
}

/// <param name="Name">楼栋名称，如“3栋”；社区内唯一。</param>
public sealed record BuildingRequest(string? Name) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Name, "name", "楼栋名称"));
}

/// <summary>A change of a building: the fields given change, the others stay.</summary>
/// <param name="GridId">调整到本社区的另一个网格。</param>
public sealed record UpdateBuildingRequest(string? Name, Guid? GridId) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate()
    {
        if (Name is not null && string.IsNullOrWhiteSpace(Name))
            yield return new FieldError("name", "楼栋名称不能为空。");
    }
}

/// <param name="Name">党小组名称，如“3栋党小组”。</param>
/// <param name="LeaderMemberId">党小组长：已确认身份的本社区党员。</param>
public sealed record PartyGroupRequest(string? Name, Guid? LeaderMemberId) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(Name, "name", "党小组名称"),
        Require.Present(LeaderMemberId, "leaderMemberId", "党小组长"));
}

/// <param name="PartyMemberId">担任中心户的党员：本户成员，已确认党员身份。</param>
public sealed record CentralHouseholdRequest(Guid? PartyMemberId) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(PartyMemberId, "partyMemberId", "党员"));
}

/// <param name="HouseholdIds">党员中心户联系的全部住户（同一网格的楼栋中）；未列出的原联系户随之解除。</param>
public sealed record CaredHouseholdsRequest(IReadOnlyList<Guid>? HouseholdIds) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate()
    {
        if (HouseholdIds is null)
            yield return new FieldError("householdIds", "householdIds 为必填项（不联系任何住户时传空数组）。");
    }
}

public static class GridEndpoints
{
    public static IEndpointRouteBuilder MapFiveLevelGrid(this IEndpointRouteBuilder app)
    {
        app.MapApiGroup("/api/v1/grids", "五级网格").MapPost("/{id:guid}/buildings", CreateBuildingHandler).WithName("CreateBuilding")
            .WithSummary("在网格下新建楼栋")
            .WithDescription("本社区工作人员或本街道管理员；楼栋名称在社区内唯一（409 building.duplicate）。")
            .Problems(400, 403, 404, 409);

        var buildings = app.MapApiGroup("/api/v1/buildings", "五级网格");
        buildings.MapPut("/{id:guid}", UpdateBuildingHandler).WithName("UpdateBuilding")
            .WithSummary("修改楼栋名称或所属网格")
            .Problems(400, 404, 409);
        buildings.MapPut("/{id:guid}/party-group", SetPartyGroupHandler).WithName("SetPartyGroup")
            .WithSummary("建立或修改楼栋党小组")
            .WithDescription("每个楼栋一个党小组；党小组长须是已确认身份的本社区党员。")
            .Problems(400, 404, 409);

        app.MapApiGroup("/api/v1/households", "五级网格").MapPost("/{id:guid}/central-household", DesignateHandler)
            .WithName("DesignateCentralHousehold")
            .WithSummary("设立党员中心户")
            .WithDescription("该户须已指定楼栋，由本户一名已确认身份的党员担任；一户只设一次（409 centralHousehold.duplicate）。")
            .Problems(400, 404, 409);

        var centrals = app.MapApiGroup("/api/v1/central-households", "五级网格");
        centrals.MapPut("/{id:guid}/households", SetCaredHandler).WithName("SetCaredHouseholds")
            .WithSummary("设置党员中心户联系的住户")
            .WithDescription("给出全部联系户：须在同一网格的楼栋中，且未由其他党员中心户联系（409 centralHousehold.householdTaken）。")
            .Problems(400, 404, 409);
        centrals.MapDelete("/{id:guid}", RevokeHandler).WithName("RevokeCentralHousehold")
            .WithSummary("撤销党员中心户")
            .Problems(404, 409);

        app.MapApiGroup("/api/v1/communities", "五级网格").MapGet("/{id:guid}/grid-tree", TreeHandler).WithName("GetGridTree")
            .WithSummary("五级网格树")
            .WithDescription("街道党工委 → 社区党委 → 网格党支部 → 楼栋党小组 → 党员中心户，附各级人数、户数、党员数；本社区工作人员或本街道管理员。")
            .Problems(403, 404);
        return app;
    }

    private static async Task<Created<BuildingResponse>> CreateBuildingHandler(Guid id, BuildingRequest body, ClaimsPrincipal user, CreateBuilding useCase,
        CancellationToken ct)
    {
        var building = await useCase.ExecuteAsync(user.Actor(), id, body.Name!, ct);
        return TypedResults.Created($"/api/v1/buildings/{building.Id}", BuildingResponse.Of(building));
    }

    private static async Task<Ok<BuildingResponse>> UpdateBuildingHandler(Guid id, UpdateBuildingRequest body, ClaimsPrincipal user,
        UpdateBuilding useCase, CancellationToken ct) =>
        TypedResults.Ok(BuildingResponse.Of(await useCase.ExecuteAsync(user.Actor(), id, body.Name, body.GridId, ct)));

    private static async Task<Ok<PartyGroupResponse>> SetPartyGroupHandler(Guid id, PartyGroupRequest body, ClaimsPrincipal user,
        SetPartyGroup useCase, CancellationToken ct) =>
        TypedResults.Ok(PartyGroupResponse.Of(await useCase.ExecuteAsync(user.Actor(), id, body.Name!, body.LeaderMemberId!.Value, ct)));

    private static async Task<Created<CentralHouseholdResponse>> DesignateHandler(Guid id, CentralHouseholdRequest body, ClaimsPrincipal user,
        DesignateCentralHousehold useCase, CancellationToken ct)
    {
        var central = await useCase.ExecuteAsync(user.Actor(), id, body.PartyMemberId!.Value, ct);
        return TypedResults.Created($"/api/v1/central-households/{central.Id}", CentralHouseholdResponse.Of(central));
    }

    private static async Task<Ok<CentralHouseholdResponse>> SetCaredHandler(Guid id, CaredHouseholdsRequest body, ClaimsPrincipal user,
        SetCaredHouseholds useCase, CancellationToken ct) =>
        TypedResults.Ok(CentralHouseholdResponse.Of(await useCase.ExecuteAsync(user.Actor(), id, body.HouseholdIds!, ct)));

    private static async Task<NoContent> RevokeHandler(Guid id, ClaimsPrincipal user, RevokeCentralHousehold useCase, CancellationToken ct)
    {
        await useCase.ExecuteAsync(user.Actor(), id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<GridTree>> TreeHandler(Guid id, ClaimsPrincipal user, GridTreeQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.TreeAsync(user.Actor(), id, ct));
}
