using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Infrastructure.Communities;

namespace Volunteer.Api.Communities;

public static class CommunityEndpoints
{
    public static IEndpointRouteBuilder MapCommunities(this IEndpointRouteBuilder app)
    {
        var streets = app.MapApiGroup("/api/v1/streets", "街道与社区");
        streets.MapGet("/", ListStreets).WithName("ListStreets").WithSummary("街道列表").Problems(400);
        streets.MapPost("/", CreateStreetHandler).WithName("CreateStreet").WithSummary("新建街道（平台管理员）").Problems(400, 403, 409);
        streets.MapPut("/{id:guid}", RenameStreetHandler).WithName("RenameStreet").WithSummary("修改街道名称").Problems(400, 403, 404, 409);

        // Choosing a home community happens before a resident has a profile, so these lists are public.
        var publicCommunities = app.MapApiGroup("/api/v1/communities", "街道与社区", requireAuth: false);
        publicCommunities.MapGet("/", ListCommunities).WithName("ListCommunities")
            .WithSummary("社区列表（选择所属社区）").Problems(400).AllowAnonymous();
        publicCommunities.MapGet("/{id:guid}", GetCommunity).WithName("GetCommunity")
            .WithSummary("社区详情").Problems(404).AllowAnonymous();
        publicCommunities.MapGet("/{id:guid}/grids", ListGrids).WithName("ListGrids")
            .WithSummary("社区的网格列表").Problems(400, 404).AllowAnonymous();

        var communities = app.MapApiGroup("/api/v1/communities", "街道与社区");
        communities.MapPost("/", CreateCommunityHandler).WithName("CreateCommunity")
            .WithSummary("新建社区（街道管理员）").Problems(400, 403, 409);
        communities.MapPut("/{id:guid}", UpdateCommunityHandler).WithName("UpdateCommunity")
            .WithSummary("修改社区（街道管理员）")
            .WithDescription("只修改请求体中给出的字段，未给出的保持不变；address 传 null 表示清除。")
            .Problems(400, 403, 404, 409);
        communities.MapPost("/{id:guid}/grids", CreateGridHandler).WithName("CreateGrid")
            .WithSummary("新建网格（本社区工作人员或街道管理员）").Problems(400, 403, 404, 409);

        app.MapApiGroup("/api/v1/grids", "街道与社区").MapPut("/{id:guid}", UpdateGridHandler).WithName("UpdateGrid")
            .WithSummary("修改网格")
            .WithDescription("只修改请求体中给出的字段，未给出的保持不变；workerName 传 null 表示清除。")
            .Problems(400, 403, 404, 409);

        return app;
    }

    private static async Task<Ok<Paged<StreetResponse>>> ListStreets(CommunityQueries communities, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await PageRequest.From(page, pageSize).ApplyAsync(communities.Streets(),
            items => items.Select(StreetResponse.Of).ToList(), ct));

    private static async Task<Created<StreetResponse>> CreateStreetHandler(StreetRequest body, ClaimsPrincipal user, CreateStreet useCase, CancellationToken ct)
    {
        var street = await useCase.ExecuteAsync(user.Actor(), body.Name!, ct);
        return TypedResults.Created($"/api/v1/streets/{street.Id}", StreetResponse.Of(street));
    }

    private static async Task<Ok<StreetResponse>> RenameStreetHandler(Guid id, StreetRequest body, ClaimsPrincipal user, RenameStreet useCase, CancellationToken ct) =>
        TypedResults.Ok(StreetResponse.Of(await useCase.ExecuteAsync(user.Actor(), id, body.Name!, ct)));

    /// <param name="streetId">街道</param>
    /// <param name="kind">社区类型</param>
    private static async Task<Ok<Paged<CommunityResponse>>> ListCommunities(CommunityQueries communities, Guid? streetId, CommunityKind? kind,
        int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        return TypedResults.Ok(await paging.ApplyAsync(communities.Communities(streetId, kind), items => items.Select(CommunityResponse.Of).ToList(), ct));
    }

    private static async Task<Ok<CommunityResponse>> GetCommunity(Guid id, CommunityQueries communities, CancellationToken ct) =>
        TypedResults.Ok(CommunityResponse.Of(await communities.CommunityAsync(id, ct)));

    private static async Task<Ok<Paged<GridResponse>>> ListGrids(Guid id, CommunityQueries communities, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        return TypedResults.Ok(await paging.ApplyAsync(await communities.GridsAsync(id, ct), items => items.Select(GridResponse.Of).ToList(), ct));
    }

    private static async Task<Created<CommunityResponse>> CreateCommunityHandler(CommunityRequest body, ClaimsPrincipal user,
        CreateCommunity useCase, CancellationToken ct)
    {
        var community = await useCase.ExecuteAsync(user.Actor(), body.StreetId, new CommunityFields(body.Name!, body.Kind!.Value, body.Address), ct);
        return TypedResults.Created($"/api/v1/communities/{community.Id}", CommunityResponse.Of(community));
    }

    private static async Task<Ok<CommunityResponse>> UpdateCommunityHandler(Guid id, CommunityChangeRequest body, ClaimsPrincipal user,
        UpdateCommunity useCase, CancellationToken ct) =>
        TypedResults.Ok(CommunityResponse.Of(await useCase.ExecuteAsync(user.Actor(), id, body.ToChange(), ct)));

    private static async Task<Created<GridResponse>> CreateGridHandler(Guid id, GridRequest body, ClaimsPrincipal user, CreateGrid useCase, CancellationToken ct)
    {
        var grid = await useCase.ExecuteAsync(user.Actor(), id, body.Name!, body.WorkerName, ct);
        return TypedResults.Created($"/api/v1/grids/{grid.Id}", GridResponse.Of(grid));
    }

    private static async Task<Ok<GridResponse>> UpdateGridHandler(Guid id, GridChangeRequest body, ClaimsPrincipal user, UpdateGrid useCase,
        CancellationToken ct) =>
        TypedResults.Ok(GridResponse.Of(await useCase.ExecuteAsync(user.Actor(), id, body.NameChange, body.WorkerNameChange, ct)));
}
