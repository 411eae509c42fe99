using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Api.Tasks;
using Volunteer.Domain.Common;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Satisfaction;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Needs;

namespace Volunteer.Api.Needs;

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
        NeedQueries needs, CancellationToken ct)
    {
        var details = new NeedDetails(body.Title!, body.Description, body.Category!.Value, body.Address,
            body.PreferredStartsAt, body.PreferredEndsAt);
        var need = await useCase.ExecuteAsync(user.Actor(), details, body.OnBehalfOfMemberId, ct);
        return TypedResults.Created($"/api/v1/needs/{need.Id}", View(await needs.RowAsync(need, ct)));
    }

    /// <param name="communityId">社区</param>
    /// <param name="status">状态</param>
    /// <param name="category">类别</param>
    private static async Task<Ok<Paged<NeedResponse>>> List(ClaimsPrincipal user, NeedQueries needs, Guid? communityId,
        NeedStatus? status, TaskCategory? category, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        return TypedResults.Ok(await PageAsync(needs, needs.Listed(user.Actor(), communityId, status, category), paging, ct));
    }

    private static async Task<Ok<Paged<NeedResponse>>> Mine(ClaimsPrincipal user, NeedQueries needs, NeedStatus? status,
        int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        return TypedResults.Ok(await PageAsync(needs, needs.Mine(user.Actor(), status), paging, ct));
    }

    private static async Task<Ok<NeedResponse>> Get(Guid id, ClaimsPrincipal user, NeedQueries needs, CancellationToken ct)
    {
        var (need, _) = await needs.VisibleAsync(user.Actor(), id, ct);
        return TypedResults.Ok(View(await needs.RowAsync(need, ct)));
    }

    private static async Task<Created<ApprovedNeedResponse>> Approve(Guid id, ApproveNeedRequest body, ClaimsPrincipal user,
        ApproveNeed useCase, NeedQueries needs, TaskViews views, CancellationToken ct)
    {
        var actor = user.Actor();
        var terms = new ApprovalTerms(body.Title, body.Description, body.Category, body.Slots!.Value, body.Points!.Value,
            body.StartsAt!.Value, body.EndsAt!.Value, body.Address, body.PartyMembersOnly ?? false, body.GridId,
            GeoPoint.Optional(body.Latitude, body.Longitude));
        var (need, task) = await useCase.ExecuteAsync(actor, id, terms, ct);
        return TypedResults.Created($"/api/v1/tasks/{task.Id}",
            new ApprovedNeedResponse(View(await needs.RowAsync(need, ct)), await views.ForAsync(actor, task, ct)));
    }

    private static async Task<Ok<NeedResponse>> Reject(Guid id, RejectNeedRequest body, ClaimsPrincipal user, RejectNeed useCase,
        NeedQueries needs, CancellationToken ct) =>
        TypedResults.Ok(View(await needs.RowAsync(await useCase.ExecuteAsync(user.Actor(), id, body.Reason, ct), ct)));

    private static async Task<Ok<NeedResponse>> Withdraw(Guid id, ClaimsPrincipal user, WithdrawNeed useCase,
        NeedQueries needs, CancellationToken ct) =>
        TypedResults.Ok(View(await needs.RowAsync(await useCase.ExecuteAsync(user.Actor(), id, ct), ct)));

    private static async Task<Paged<NeedResponse>> PageAsync(NeedQueries needs, IQueryable<Need> ordered, PageRequest paging, CancellationToken ct)
    {
        var page = await paging.ApplyAsync(ordered, items => items, ct);
        return new Paged<NeedResponse>((await needs.RowsAsync(page.Items, ct)).Select(View).ToList(), page.Total, page.Page, page.PageSize);
    }

    internal static NeedResponse View(NeedRow row)
    {
        var n = row.Need;
        return new(n.Id, n.CommunityId, n.GridId, n.RequesterId, row.RequesterName,
            n.PostedByAccountId is not null, n.Title, n.Description, n.Category, n.Address, n.PreferredStartsAt, n.PreferredEndsAt,
            n.IsSensitive, n.Status, n.ReviewReason, n.ReviewedAt, n.TaskId, n.CreatedAt, n.Satisfaction, n.SatisfactionComment, n.SatisfactionRatedAt,
            n.SatisfactionRecordedByStaff);
    }
}
