using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Infrastructure.Communities;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Api.Communities;

public sealed record StreetResponse(Guid Id, string Name, DateTimeOffset CreatedAt)
{
    public static StreetResponse Of(Street s) => new(s.Id, s.Name, s.CreatedAt);
}

/// <param name="Kind">urban 城市社区、industrial 工业社区、agricultural 涉农社区、resettlement 拆迁安置社区、oldCourtyard 老旧楼院、villageConverted 村改居、village 村。</param>
public sealed record CommunityResponse(Guid Id, Guid StreetId, string Name, CommunityKind Kind, string? Address)
{
    public static CommunityResponse Of(Community c) => new(c.Id, c.StreetId, c.Name, c.Kind, c.Address);
}

/// <param name="WorkerName">网格员姓名。</param>
public sealed record GridResponse(Guid Id, Guid CommunityId, string Name, string? WorkerName)
{
    public static GridResponse Of(Grid g) => new(g.Id, g.CommunityId, g.Name, g.WorkerName);
}

public sealed record StreetRequest(string? Name) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Name, "name", "街道名称"));
}

/// <param name="StreetId">所属街道：平台管理员必填；街道管理员默认本街道。</param>
public sealed record CommunityRequest(string? Name, CommunityKind? Kind, string? Address, Guid? StreetId) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(Name, "name", "社区名称"),
        Require.Present(Kind, "kind", "社区类型"));
}

/// <summary>An edit of a community: only the fields the body names change; the address sent as null is cleared.</summary>
public sealed class CommunityChangeRequest : PartialRequest, IValidatableRequest
{
    private string? _name;
    private CommunityKind? _kind;
    private string? _address;

    /// <summary>社区名称（不能清空）。</summary>
    public string? Name { get => _name; set => _name = Sent(value); }

    /// <summary>社区类型（不能清空）。</summary>
    public CommunityKind? Kind { get => _kind; set => _kind = Sent(value); }

    /// <summary>社区地址；null 清除。</summary>
    public string? Address { get => _address; set => _address = Sent(value); }

    public CommunityChange ToChange() => new(Field(Name, nameof(Name)), Field(Kind, nameof(Kind)), Field(Address, nameof(Address)));

    public IEnumerable<FieldError> Validate() => Require.All(
        NotCleared(Name, nameof(Name), "name", "社区名称"),
        NotCleared(Kind, nameof(Kind), "kind", "社区类型"));
}

/// <summary>An edit of a grid: only the fields the body names change; the worker's name sent as null is cleared.</summary>
public sealed class GridChangeRequest : PartialRequest, IValidatableRequest
{
    private string? _name;
    private string? _workerName;

    /// <summary>网格名称（不能清空）。</summary>
    public string? Name { get => _name; set => _name = Sent(value); }

    /// <summary>网格员姓名；null 清除。</summary>
    public string? WorkerName { get => _workerName; set => _workerName = Sent(value); }

    [System.Text.Json.Serialization.JsonIgnore] public Optional<string?> NameChange => Field(Name, nameof(Name));
    [System.Text.Json.Serialization.JsonIgnore] public Optional<string?> WorkerNameChange => Field(WorkerName, nameof(WorkerName));

    public IEnumerable<FieldError> Validate() => Require.All(NotCleared(Name, nameof(Name), "name", "网格名称"));
}

public sealed record GridRequest(string? Name, string? WorkerName) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Name, "name", "网格名称"));
}

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

    private static async Task<Ok<Paged<StreetResponse>>> ListStreets(VolunteerDbContext db, int? page, int? pageSize, CancellationToken ct) =>
        TypedResults.Ok(await PageRequest.From(page, pageSize).ApplyAsync(db.Streets.AsNoTracking().OrderBy(s => s.Name),
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
    private static async Task<Ok<Paged<CommunityResponse>>> ListCommunities(VolunteerDbContext db, Guid? streetId, CommunityKind? kind,
        int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var query = db.Communities.AsNoTracking();
        if (streetId is { } s) query = query.Where(c => c.StreetId == s);
        if (kind is { } k) query = query.Where(c => c.Kind == k);
        return TypedResults.Ok(await paging.ApplyAsync(query.OrderBy(c => c.Name), items => items.Select(CommunityResponse.Of).ToList(), ct));
    }

    private static async Task<Ok<CommunityResponse>> GetCommunity(Guid id, VolunteerDbContext db, CancellationToken ct) =>
        TypedResults.Ok(CommunityResponse.Of(await db.CommunityAsyncOrThrow(id, ct)));

    private static async Task<Ok<Paged<GridResponse>>> ListGrids(Guid id, VolunteerDbContext db, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        await db.CommunityAsyncOrThrow(id, ct);
        return TypedResults.Ok(await paging.ApplyAsync(db.Grids.AsNoTracking().Where(g => g.CommunityId == id).OrderBy(g => g.Name),
            items => items.Select(GridResponse.Of).ToList(), ct));
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

    private static async Task<Community> CommunityAsyncOrThrow(this VolunteerDbContext db, Guid id, CancellationToken ct) =>
        await db.Communities.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct)
        ?? throw DomainException.NotFound("community.notFound", "社区不存在。");
}
