using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Api.Tasks;
using Volunteer.Domain.Common;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Satisfaction;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Needs;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Api.Needs;

/// <summary>A need to post (居民下单).</summary>
/// <param name="Title">需求标题，最多 100 字。</param>
/// <param name="Description">具体情况，最多 2000 字。</param>
/// <param name="Category">类别。</param>
/// <param name="Address">服务地址。</param>
/// <param name="PreferredStartsAt">期望开始时间。</param>
/// <param name="PreferredEndsAt">期望结束时间。</param>
/// <param name="OnBehalfOfMemberId">代下单：社区工作人员为无智能手机的居民提交时填写该居民 id。</param>
public sealed record PostNeedRequest(
    string? Title,
    string? Description,
    TaskCategory? Category,
    string? Address,
    DateTimeOffset? PreferredStartsAt,
    DateTimeOffset? PreferredEndsAt,
    Guid? OnBehalfOfMemberId) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(Title, "title", "需求标题"),
        Require.Present(Category, "category", "需求类别"));
}

/// <summary>Terms of the task a need becomes (社区发单). Title, description and address default to the need's.</summary>
/// <param name="Latitude">服务地点纬度（WGS-84），与 longitude 同时填写后志愿者可定位签到。</param>
/// <param name="Longitude">服务地点经度（WGS-84）。</param>
public sealed record ApproveNeedRequest(
    string? Title,
    string? Description,
    TaskCategory? Category,
    int? Slots,
    int? Points,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    string? Address,
    bool? PartyMembersOnly,
    Guid? GridId,
    double? Latitude = null,
    double? Longitude = null) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(Slots, "slots", "名额"),
        Require.Present(Points, "points", "积分"),
        Require.Present(StartsAt, "startsAt", "开始时间"),
        Require.Present(EndsAt, "endsAt", "结束时间"));
}

/// <param name="Reason">驳回原因，居民可见。</param>
public sealed record RejectNeedRequest(string? Reason) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Reason, "reason", "驳回原因"));
}

/// <summary>A need, as its requester and the community's staff see it.</summary>
/// <param name="PostedByStaff">是否由社区工作人员代下单。</param>
/// <param name="IsSensitive">服务对象为困难群众，地址仅本社区工作人员与认领成功者可见。</param>
/// <param name="ReviewReason">驳回原因。</param>
/// <param name="TaskId">审核通过后发布的任务。</param>
/// <param name="Satisfaction">满意度（服务完成后由居民本人评价，代下单的由社区工作人员代为记录）：satisfied 满意、basicallySatisfied 基本满意、dissatisfied 不满意；未评价为 null。</param>
/// <param name="SatisfactionComment">满意度评价的意见。</param>
/// <param name="SatisfactionRatedAt">评价时间。</param>
/// <param name="SatisfactionRecordedByStaff">是否由社区工作人员代为记录。</param>
public sealed record NeedResponse(
    Guid Id,
    Guid CommunityId,
    Guid? GridId,
    Guid RequesterId,
    string RequesterName,
    bool PostedByStaff,
    string Title,
    string? Description,
    TaskCategory Category,
    string? Address,
    DateTimeOffset? PreferredStartsAt,
    DateTimeOffset? PreferredEndsAt,
    bool IsSensitive,
    NeedStatus Status,
    string? ReviewReason,
    DateTimeOffset? ReviewedAt,
    Guid? TaskId,
    DateTimeOffset CreatedAt,
    SatisfactionLevel? Satisfaction,
    string? SatisfactionComment,
    DateTimeOffset? SatisfactionRatedAt,
    bool SatisfactionRecordedByStaff);

public sealed record ApprovedNeedResponse(NeedResponse Need, TaskResponse Task);

public static class NeedEndpoints
{
    public static IEndpointRouteBuilder MapNeeds(this IEndpointRouteBuilder app)
    {
        var needs = app.MapApiGroup("/api/v1/needs", "需求（居民下单）");

        needs.MapPost("/", Post).WithName("PostNeed")
            .WithSummary("提交需求（居民下单 / 代下单）")
            .WithDescription("居民为自己提交需求（须先设置所属社区）；社区工作人员可为本社区无智能手机的居民代下单。")
            .Problems(400, 403, 404, 409);

        needs.MapGet("/", List).WithName("ListNeeds")
            .WithSummary("查询需求列表")
            .WithDescription("社区工作人员看到本社区的需求，街道管理员看到本街道的需求，居民看到自己提交的需求。")
            .Problems(400);

        needs.MapGet("/{id:guid}", Get).WithName("GetNeed")
            .WithSummary("查看需求详情")
            .Problems(404);

        needs.MapPost("/{id:guid}/approve", Approve).WithName("ApproveNeed")
            .WithSummary("审核通过并发布为任务（社区发单）")
            .Problems(400, 403, 404, 409);

        needs.MapPost("/{id:guid}/reject", Reject).WithName("RejectNeed")
            .WithSummary("驳回需求")
            .WithDescription("驳回原因对居民可见。")
            .Problems(400, 403, 404, 409);

        needs.MapPost("/{id:guid}/withdraw", Withdraw).WithName("WithdrawNeed")
            .WithSummary("撤回需求")
            .WithDescription("居民撤回尚未审核的需求。")
            .Problems(403, 404, 409);

        app.MapApiGroup("/api/v1/me", "我的").MapGet("/needs", Mine).WithName("ListMyNeeds")
            .WithSummary("我提交的需求")
            .Problems(400, 403);

        return app;
    }

    private static async Task<Created<NeedResponse>> Post(PostNeedRequest body, ClaimsPrincipal user, PostNeed useCase,
        VolunteerDbContext db, CancellationToken ct)
    {
        var details = new NeedDetails(body.Title!, body.Description, body.Category!.Value, body.Address,
            body.PreferredStartsAt, body.PreferredEndsAt);
        var need = await useCase.ExecuteAsync(user.Actor(), details, body.OnBehalfOfMemberId, ct);
        return TypedResults.Created($"/api/v1/needs/{need.Id}", await ViewAsync(db, need, ct));
    }

    /// <param name="communityId">社区</param>
    /// <param name="status">状态</param>
    /// <param name="category">类别</param>
    private static async Task<Ok<Paged<NeedResponse>>> List(ClaimsPrincipal user, VolunteerDbContext db, NeedQueries needs, Guid? communityId,
        NeedStatus? status, TaskCategory? category, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var query = needs.VisibleTo(user.Actor());
        if (communityId is { } c) query = query.Where(n => n.CommunityId == c);
        if (status is { } s) query = query.Where(n => n.Status == s);
        if (category is { } cat) query = query.Where(n => n.Category == cat);
        return TypedResults.Ok(await PageAsync(db, query, paging, ct));
    }

    private static async Task<Ok<Paged<NeedResponse>>> Mine(ClaimsPrincipal user, VolunteerDbContext db, NeedStatus? status,
        int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var actor = user.Actor();
        actor.EnsureResident();
        var query = db.Needs.AsNoTracking().Where(n => n.RequesterId == actor.Id);
        if (status is { } s) query = query.Where(n => n.Status == s);
        return TypedResults.Ok(await PageAsync(db, query, paging, ct));
    }

    private static async Task<Ok<NeedResponse>> Get(Guid id, ClaimsPrincipal user, VolunteerDbContext db, CancellationToken ct)
    {
        var (need, _) = await NeedAccess.LoadVisibleAsync(db, user.Actor(), id, ct);
        return TypedResults.Ok(await ViewAsync(db, need, ct));
    }

    private static async Task<Created<ApprovedNeedResponse>> Approve(Guid id, ApproveNeedRequest body, ClaimsPrincipal user,
        ApproveNeed useCase, VolunteerDbContext db, TaskViews views, CancellationToken ct)
    {
        var actor = user.Actor();
        var terms = new ApprovalTerms(body.Title, body.Description, body.Category, body.Slots!.Value, body.Points!.Value,
            body.StartsAt!.Value, body.EndsAt!.Value, body.Address, body.PartyMembersOnly ?? false, body.GridId,
            GeoPoint.Optional(body.Latitude, body.Longitude));
        var (need, task) = await useCase.ExecuteAsync(actor, id, terms, ct);
        return TypedResults.Created($"/api/v1/tasks/{task.Id}",
            new ApprovedNeedResponse(await ViewAsync(db, need, ct), await views.ForAsync(actor, task, ct)));
    }

    private static async Task<Ok<NeedResponse>> Reject(Guid id, RejectNeedRequest body, ClaimsPrincipal user, RejectNeed useCase,
        VolunteerDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await ViewAsync(db, await useCase.ExecuteAsync(user.Actor(), id, body.Reason, ct), ct));

    private static async Task<Ok<NeedResponse>> Withdraw(Guid id, ClaimsPrincipal user, WithdrawNeed useCase,
        VolunteerDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await ViewAsync(db, await useCase.ExecuteAsync(user.Actor(), id, ct), ct));

    private static async Task<Paged<NeedResponse>> PageAsync(VolunteerDbContext db, IQueryable<Need> query, PageRequest paging, CancellationToken ct)
    {
        var page = await paging.ApplyAsync(query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id), items => items, ct);
        var ids = page.Items.Select(n => n.RequesterId).Distinct().ToList();
        var names = await db.Members.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        return new Paged<NeedResponse>(page.Items.Select(n => View(n, names.GetValueOrDefault(n.RequesterId, ""))).ToList(),
            page.Total, page.Page, page.PageSize);
    }

    internal static async Task<NeedResponse> ViewAsync(VolunteerDbContext db, Need need, CancellationToken ct)
    {
        var name = await db.Members.AsNoTracking().Where(m => m.Id == need.RequesterId).Select(m => m.Name).SingleAsync(ct);
        return View(need, name);
    }

    private static NeedResponse View(Need n, string requesterName) => new(n.Id, n.CommunityId, n.GridId, n.RequesterId, requesterName,
        n.PostedByAccountId is not null, n.Title, n.Description, n.Category, n.Address, n.PreferredStartsAt, n.PreferredEndsAt,
        n.IsSensitive, n.Status, n.ReviewReason, n.ReviewedAt, n.TaskId, n.CreatedAt, n.Satisfaction, n.SatisfactionComment, n.SatisfactionRatedAt,
        n.SatisfactionRecordedByStaff);
}
