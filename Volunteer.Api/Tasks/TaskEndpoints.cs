using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Claims;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Tasks;

namespace Volunteer.Api.Tasks;

public static class TaskEndpoints
{
    public static IEndpointRouteBuilder MapTasks(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapApiGroup("/api/v1/tasks", "任务");

        tasks.MapPost("/", Publish).WithName("PublishTask")
            .WithSummary("发布任务（社区发单）")
            .WithDescription("社区工作人员在本社区直接发布任务或活动；街道管理员须指定 communityId。")
            .Problems(400, 403, 404);

        tasks.MapGet("/", List).WithName("ListTasks")
            .WithSummary("查询任务列表")
            .WithDescription("按社区、网格、类别、状态、是否党员先锋岗、日期筛选，分页返回。困难群众的服务地址对无权查看者隐藏。")
            .Problems(400);

        tasks.MapGet("/{id:guid}", Get).WithName("GetTask")
            .WithSummary("查看任务详情")
            .Problems(404);

        tasks.MapPost("/{id:guid}/cancel", Cancel).WithName("CancelTask")
            .WithSummary("取消任务")
            .WithDescription("本社区工作人员取消任务；尚未完成服务的认领随之结束，认领人可看到取消原因。")
            .Problems(400, 403, 404, 409);

        tasks.MapGet("/{id:guid}/check-in-code", CheckInCode).WithName("GetCheckInCode")
            .WithSummary("获取签到码（现场以二维码展示）")
            .WithDescription("本社区工作人员获取任务的 6 位签到码，有效期 5–10 分钟，过期后重新获取。")
            .Problems(403, 404, 409);

        tasks.MapGet("/{id:guid}/claims", ListClaims).WithName("ListTaskClaims")
            .WithSummary("查看任务的认领情况")
            .WithDescription("本社区工作人员查看该任务的全部认领、签到、评价与核验状态。")
            .Problems(400, 403, 404);

        tasks.MapPost("/{id:guid}/claims", ClaimTaskHandler).WithName("ClaimTask")
            .WithSummary("认领任务（党员接单 / 单位接单）")
            .WithDescription("居民、党员或共建单位工作人员（代表本单位，须与该社区有有效的共建协议）认领任务。名额已满、已认领、任务已取消或已结束时返回 409；党员先锋岗非确认党员认领、单位无共建协议时返回 403。")
            .Problems(403, 404, 409);

        return app;
    }

    private static async Task<Created<CreatedId>> Publish(PublishTaskRequest body, ClaimsPrincipal user, PublishTask useCase, CancellationToken ct)
    {
        var task = await useCase.ExecuteAsync(user.Actor(), body.CommunityId, body.ToTerms(), ct);
        return TypedResults.Created($"/api/v1/tasks/{task.Id}", new CreatedId(task.Id));
    }

    /// <param name="communityId">社区</param>
    /// <param name="gridId">网格</param>
    /// <param name="category">类别</param>
    /// <param name="status">状态</param>
    /// <param name="partyMembersOnly">仅党员先锋岗</param>
    /// <param name="date">某一天（yyyy-MM-dd，北京时间）内进行的任务</param>
    private static async Task<Ok<Paged<TaskResponse>>> List(ClaimsPrincipal user, TaskListQueries queries,
        Guid? communityId, Guid? gridId, TaskCategory? category, ServiceTaskStatus? status, bool? partyMembersOnly, DateOnly? date,
        int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var actor = user.Actor();
        var filter = new TaskFilter(communityId, gridId, category, status, partyMembersOnly, QueryValues.OptionalDate(date, "date"));
        var (items, total) = await queries.PageAsync(actor, filter, paging.Skip, paging.PageSize, TaskViews.Of, ct);
        return TypedResults.Ok(new Paged<TaskResponse>(items, total, paging.Page, paging.PageSize));
    }

    private static async Task<Ok<TaskResponse>> Get(Guid id, ClaimsPrincipal user, TaskListQueries queries, TaskViews views, CancellationToken ct)
    {
        var actor = user.Actor();
        return TypedResults.Ok(await views.ForAsync(actor, await queries.VisibleAsync(actor, id, ct), ct));
    }

    private static async Task<Ok<TaskResponse>> Cancel(Guid id, CancelTaskRequest body, ClaimsPrincipal user, CancelTask useCase,
        TaskViews views, CancellationToken ct)
    {
        var actor = user.Actor();
        var task = await useCase.ExecuteAsync(actor, id, body.Reason, ct);
        return TypedResults.Ok(await views.ForAsync(actor, task, ct));
    }

    private static async Task<Ok<CheckInCodeResponse>> CheckInCode(Guid id, ClaimsPrincipal user, IssueCheckInCode useCase, CancellationToken ct)
    {
        var (code, expiresAt) = await useCase.ExecuteAsync(user.Actor(), id, ct);
        return TypedResults.Ok(new CheckInCodeResponse(code, expiresAt));
    }

    private static async Task<Ok<Paged<ClaimResponse>>> ListClaims(Guid id, ClaimsPrincipal user, ClaimQueries claimQueries,
        int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        return TypedResults.Ok(await ClaimViews.PageAsync(claimQueries, user.Actor(), await claimQueries.OfTaskAsync(user.Actor(), id, ct), paging, ct));
    }

    private static async Task<Created<ClaimResponse>> ClaimTaskHandler(Guid id, ClaimsPrincipal user, ClaimTask useCase,
        ClaimQueries claimQueries, CancellationToken ct)
    {
        var actor = user.Actor();
        var made = await useCase.ExecuteAsync(actor, id, ct);
        return TypedResults.Created($"/api/v1/claims/{made.Claim.Id}", ClaimViews.Of(await claimQueries.ForClaimantAsync(actor, made, ct)));
    }
}
