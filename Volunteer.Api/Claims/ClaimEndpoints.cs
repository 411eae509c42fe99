using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Tasks;

namespace Volunteer.Api.Claims;

public static class ClaimEndpoints
{
    public static IEndpointRouteBuilder MapClaims(this IEndpointRouteBuilder app)
    {
        var claims = app.MapApiGroup("/api/v1/claims", "认领与核验");

        claims.MapGet("/{id:guid}", Get).WithName("GetClaim")
            .WithSummary("查看认领详情")
            .WithDescription("认领人本人、服务对象和本社区工作人员可查看。")
            .Problems(404);

        claims.MapPost("/{id:guid}/cancel", Cancel).WithName("CancelClaim")
            .WithSummary("取消认领")
            .WithDescription("签到前可取消，名额退回任务。")
            .Problems(403, 404, 409);

        claims.MapPost("/{id:guid}/check-in", CheckInHandler).WithName("CheckIn")
            .WithSummary("现场签到")
            .WithDescription("提交工作人员或服务对象（需求提交人）出示的签到码；或在任务设置了服务地点坐标时提交当前位置（latitude、longitude），" +
                "距离不超过签到半径（Tasks:CheckInRadiusMeters，默认 200 米）即签到成功并记录距离，超出范围返回 422 checkIn.tooFar，" +
                "响应中 distanceMeters 为实际距离、radiusMeters 为允许范围。仅在任务时间内（开始前 30 分钟起）可签到。签到码错误返回 422。")
            .RequireRateLimiting(RateLimits.CheckIn)
            .Problems(400, 403, 404, 409, 422, 429);

        claims.MapPost("/{id:guid}/confirm-service", ConfirmService).WithName("ConfirmServiceByStaff")
            .WithSummary("补录确认服务（代下单的服务对象没有智能手机）")
            .WithDescription("本社区工作人员为代下单的服务（服务对象没有智能手机、无法出示签到码）事后确认服务已完成：须填写原因与核定时长，" +
                "认领直接核验通过并记录积分（只记一次），并标记为“工作人员补录确认”（checkInMethod = staffConfirmed），原因随认领保存可查。" +
                "已被记为爽约的认领也可补录，爽约记录随之撤销。")
            .Problems(400, 403, 404, 409);

        claims.MapPost("/{id:guid}/check-out", CheckOutHandler).WithName("CheckOut")
            .WithSummary("签退")
            .WithDescription("服务结束后签退，服务时长按任务时间内的签到至签退时间计算。")
            .Problems(403, 404, 409);

        claims.MapPost("/{id:guid}/rating", Rate).WithName("RateService")
            .WithSummary("评价服务（联合评单）")
            .WithDescription("服务对象（或代其评价的本社区工作人员）在签退后评价 1–5 星，每次服务评价一次。")
            .Problems(400, 403, 404, 409);

        claims.MapPost("/{id:guid}/verify", Verify).WithName("VerifyClaim")
            .WithSummary("核验服务（联合评单）")
            .WithDescription("本社区工作人员核验：通过则记录任务积分与服务时长（每次服务只记一次，重复提交不会重复记分）；不通过须填写原因，名额释放。")
            .Problems(400, 403, 404, 409);

        app.MapApiGroup("/api/v1/me", "我的").MapGet("/claims", Mine).WithName("ListMyClaims")
            .WithSummary("我的认领")
            .WithDescription("居民查看自己的认领；共建单位工作人员查看本单位的认领。可按状态筛选。其他角色为 403。")
            .Problems(400, 403);

        return app;
    }

    private static async Task<Ok<ClaimResponse>> Get(Guid id, ClaimsPrincipal user, ClaimQueries claimQueries, CancellationToken ct)
    {
        var claim = await claimQueries.VisibleAsync(user.Actor(), id, ct);
        return TypedResults.Ok(await ClaimViews.OneAsync(claimQueries, user.Actor(), claim, ct));
    }

    private static async Task<Ok<ClaimResponse>> Cancel(Guid id, ClaimsPrincipal user, CancelClaim useCase, ClaimQueries claimQueries, CancellationToken ct) =>
        TypedResults.Ok(await ClaimViews.OneAsync(claimQueries, user.Actor(), await useCase.ExecuteAsync(user.Actor(), id, ct), ct));

    private static async Task<Ok<ClaimResponse>> CheckInHandler(Guid id, CheckInRequest body, ClaimsPrincipal user, CheckIn useCase,
        ClaimQueries claimQueries, CancellationToken ct)
    {
        var position = string.IsNullOrWhiteSpace(body.Code) ? GeoPoint.Optional(body.Latitude, body.Longitude) : null;
        return TypedResults.Ok(await ClaimViews.OneAsync(claimQueries, user.Actor(), await useCase.ExecuteAsync(user.Actor(), id, body.Code, position, ct), ct));
    }

    private static async Task<Ok<ClaimResponse>> ConfirmService(Guid id, ConfirmServiceRequest body, ClaimsPrincipal user,
        ConfirmServiceByStaff useCase, ClaimQueries claimQueries, CancellationToken ct) =>
        TypedResults.Ok(await ClaimViews.OneAsync(claimQueries, user.Actor(), await useCase.ExecuteAsync(user.Actor(), id, body.Hours!.Value, body.Reason, ct), ct));

    private static async Task<Ok<ClaimResponse>> CheckOutHandler(Guid id, ClaimsPrincipal user, CheckOut useCase,
        ClaimQueries claimQueries, CancellationToken ct) =>
        TypedResults.Ok(await ClaimViews.OneAsync(claimQueries, user.Actor(), await useCase.ExecuteAsync(user.Actor(), id, ct), ct));

    private static async Task<Ok<ClaimResponse>> Rate(Guid id, RateServiceRequest body, ClaimsPrincipal user, RateService useCase,
        ClaimQueries claimQueries, CancellationToken ct) =>
        TypedResults.Ok(await ClaimViews.OneAsync(claimQueries, user.Actor(), await useCase.ExecuteAsync(user.Actor(), id, body.Stars!.Value, body.Comment, ct), ct));

    private static async Task<Ok<ClaimResponse>> Verify(Guid id, VerifyClaimRequest body, ClaimsPrincipal user, VerifyClaim useCase,
        ClaimQueries claimQueries, CancellationToken ct) =>
        TypedResults.Ok(await ClaimViews.OneAsync(claimQueries, user.Actor(),
            await useCase.ExecuteAsync(user.Actor(), id, body.Approved!.Value, body.Hours, body.Reason, ct), ct));

    /// <param name="status">按认领状态筛选</param>
    private static async Task<Ok<Paged<ClaimResponse>>> Mine(ClaimsPrincipal user, ClaimQueries claimQueries, ClaimStatus? status,
        int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var actor = user.Actor();
        return TypedResults.Ok(await ClaimViews.PageAsync(claimQueries, actor, claimQueries.Mine(actor, status), paging, ct));
    }
}
