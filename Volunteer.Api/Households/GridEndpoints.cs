using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Infrastructure.Households;

namespace Volunteer.Api.Households;

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
