using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Api.Partners;
using Volunteer.Domain.Common;
using Volunteer.Domain.Partners;
using Volunteer.Domain.Rewards;
using Volunteer.Infrastructure.Partners;
using Volunteer.Infrastructure.Rewards;
using Volunteer.Infrastructure.Common;

namespace Volunteer.Api.Rewards;

public static class RewardEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static IEndpointRouteBuilder MapRewards(this IEndpointRouteBuilder app)
    {
        var rewards = app.MapApiGroup("/api/v1/rewards", "积分兑换");

        rewards.MapPost("/", Publish).WithName("PublishReward")
            .WithSummary("发布兑换奖品（共建单位 / 商家）")
            .WithDescription("共建单位工作人员为本单位发布奖品，communityIds 须为本单位签有有效共建协议的社区。")
            .Problems(400, 403);

        rewards.MapGet("/", List).WithName("ListRewards")
            .WithSummary("可兑换的奖品")
            .WithDescription("某社区居民现在可兑换的奖品：兑换中、有库存、在有效期内，且单位与该社区的共建协议有效。居民默认本人所在社区，"
                + "其他角色须指定 communityId。可按单位、单位类型筛选；每项附单位信息与称号。")
            .Problems(400, 409);

        rewards.MapGet("/{id:guid}", Get).WithName("GetReward")
            .WithSummary("奖品详情").Problems(404);

        rewards.MapPut("/{id:guid}/stock", ChangeStock).WithName("ChangeRewardStock")
            .WithSummary("修改库存")
            .WithDescription("本单位工作人员设置剩余可兑换份数；已兑换的记录不受影响。设置期间恰有居民兑换时返回 409，请刷新后重设。")
            .Problems(400, 403, 404, 409);

        rewards.MapPost("/{id:guid}/pause", Pause).WithName("PauseReward")
            .WithSummary("暂停兑换").Problems(403, 404, 409);
        rewards.MapPost("/{id:guid}/resume", Resume).WithName("ResumeReward")
            .WithSummary("恢复兑换").Problems(403, 404, 409);
        rewards.MapPost("/{id:guid}/end", End).WithName("EndReward")
            .WithSummary("下架奖品")
            .WithDescription("下架后不能再兑换或修改；已兑换的兑换码仍可核销或取消。")
            .Problems(403, 404, 409);

        rewards.MapPost("/{id:guid}/redemptions", Redeem).WithName("RedeemReward")
            .WithSummary("兑换奖品（扣积分、出兑换码）")
            .WithDescription("居民兑换一份：同一事务内扣减积分（台账记一条 redeem）、库存减一、生成兑换码（也作二维码内容）。"
                + "请求头 Idempotency-Key 必填（如 UUID）：同一 key 与同一请求体重复提交返回第一次的结果（响应头 Idempotent-Replayed: true），"
                + "同一 key 不同请求体返回 422。积分不足、库存不足、达到每人限兑数量、奖品不可兑换时返回 409，code 分别为 "
                + "points.insufficient、reward.outOfStock、reward.limitReached、reward.notAvailable。")
            .Problems(400, 403, 404, 409, 422);

        var redemptions = app.MapApiGroup("/api/v1/redemptions", "积分兑换");

        redemptions.MapGet("/{id:guid}", GetRedemption).WithName("GetRedemption")
            .WithSummary("兑换详情").WithDescription("兑换人本人（含兑换码）或该奖品所属单位的工作人员可查看。").Problems(404);

        redemptions.MapPost("/{id:guid}/cancel", Cancel).WithName("CancelRedemption")
            .WithSummary("取消兑换（退回积分）")
            .WithDescription("居民取消本人待核销的兑换：积分以一条 refund 台账退回、库存加一，只退一次。已核销、已取消、已过期时返回 409 并说明原因。")
            .Problems(403, 404, 409);

        redemptions.MapPost("/fulfil", Fulfil).WithName("FulfilRedemption")
            .WithSummary("核销兑换码（共建单位 / 商家）")
            .WithDescription("本单位工作人员在柜台核销居民出示的兑换码。兑换码格式错误 400（redemption.badCode）；不存在 404；"
                + "属于其他单位 403（redemption.otherPartner）；已过期、已取消、已核销 409（redemption.expired / redemption.cancelled / "
                + "redemption.alreadyFulfilled）。")
            .RequireRateLimiting(RateLimits.Fulfil)
            .Problems(400, 403, 404, 409, 429);

        app.MapApiGroup("/api/v1/me", "我的").MapGet("/redemptions", Mine).WithName("ListMyRedemptions")
            .WithSummary("我的兑换")
            .WithDescription("居民本人的兑换记录（含兑换码），按时间倒序，可按状态筛选。")
            .Problems(400, 403);

        var partner = app.MapApiGroup("/api/v1/partner", "商家后台");
        partner.MapGet("/rewards", OwnRewards).WithName("ListPartnerRewards")
            .WithSummary("本单位的奖品")
            .WithDescription("共建单位工作人员查看本单位全部奖品（含暂停、下架），可按状态筛选。")
            .Problems(400, 403);
        partner.MapGet("/redemptions", PartnerRedemptions).WithName("ListPartnerRedemptions")
            .WithSummary("本单位的兑换记录")
            .WithDescription("共建单位工作人员查看本单位奖品的兑换记录（兑换码只显示末 4 位、姓名脱敏），可按状态、奖品筛选。")
            .Problems(400, 403);
        partner.MapGet("/settlements", Settlement).WithName("GetPartnerSettlement")
            .WithSummary("月度结算汇总（JSON 或 CSV）")
            .WithDescription("某月（北京时间，默认本月）核销的份数与积分，按奖品汇总。format=csv 或请求头 Accept: text/csv 时返回 CSV"
                + "（UTF-8 带 BOM，Excel 可直接打开）。街道管理员须指定 partnerId。")
            .ProducesCsvToo()
            .Problems(400, 403, 404);

        return app;
    }

    private static async Task<Created<RewardResponse>> Publish(PublishRewardRequest body, ClaimsPrincipal user, PublishReward useCase,
        RewardQueries rewards, TimeProvider clock, CancellationToken ct)
    {
        var actor = user.Actor();
        var reward = await useCase.ExecuteAsync(actor, body.ToTerms(), body.CommunityIds!, ct);
        return TypedResults.Created($"/api/v1/rewards/{reward.Id}", await RewardViews.RewardAsync(rewards, actor, reward, clock.GetUtcNow(), ct));
    }

    /// <param name="communityId">社区：居民默认本人所在社区</param>
    /// <param name="partnerId">单位</param>
    /// <param name="kind">单位类型：unit、merchant、supermarket</param>
    private static async Task<Ok<Paged<RewardResponse>>> List(ClaimsPrincipal user, RewardQueries rewards, TimeProvider clock,
        Guid? communityId, Guid? partnerId, PartnerKind? kind, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var actor = user.Actor();
        var now = clock.GetUtcNow();
        var result = await paging.ApplyAsync(await rewards.OfferedAsync(actor, communityId, partnerId, kind, ct), items => items, ct);
        return TypedResults.Ok(new Paged<RewardResponse>(await RewardViews.RewardsAsync(rewards, actor, result.Items, now, ct),
            result.Total, result.Page, result.PageSize));
    }

    private static async Task<Ok<RewardResponse>> Get(Guid id, ClaimsPrincipal user, RewardQueries rewards, TimeProvider clock, CancellationToken ct)
    {
        var actor = user.Actor();
        var reward = await rewards.VisibleAsync(actor, id, ct);
        return TypedResults.Ok(await RewardViews.RewardAsync(rewards, actor, reward, clock.GetUtcNow(), ct));
    }

    private static async Task<Ok<RewardResponse>> ChangeStock(Guid id, ChangeStockRequest body, ClaimsPrincipal user, ChangeRewardStock useCase,
        RewardQueries rewards, TimeProvider clock, CancellationToken ct)
    {
        var actor = user.Actor();
        var reward = await useCase.ExecuteAsync(actor, id, body.Stock!.Value, ct);
        return TypedResults.Ok(await RewardViews.RewardAsync(rewards, actor, reward, clock.GetUtcNow(), ct));
    }

    private static Task<Ok<RewardResponse>> Pause(Guid id, ClaimsPrincipal user, ChangeRewardStatus useCase, RewardQueries rewards,
        TimeProvider clock, CancellationToken ct) => ChangeStatus(id, RewardChange.Pause, user, useCase, rewards, clock, ct);

    private static Task<Ok<RewardResponse>> Resume(Guid id, ClaimsPrincipal user, ChangeRewardStatus useCase, RewardQueries rewards,
        TimeProvider clock, CancellationToken ct) => ChangeStatus(id, RewardChange.Resume, user, useCase, rewards, clock, ct);

    private static Task<Ok<RewardResponse>> End(Guid id, ClaimsPrincipal user, ChangeRewardStatus useCase, RewardQueries rewards,
        TimeProvider clock, CancellationToken ct) => ChangeStatus(id, RewardChange.End, user, useCase, rewards, clock, ct);

    private static async Task<Ok<RewardResponse>> ChangeStatus(Guid id, RewardChange change, ClaimsPrincipal user, ChangeRewardStatus useCase,
        RewardQueries rewards, TimeProvider clock, CancellationToken ct)
    {
        var actor = user.Actor();
        var reward = await useCase.ExecuteAsync(actor, id, change, ct);
        return TypedResults.Ok(await RewardViews.RewardAsync(rewards, actor, reward, clock.GetUtcNow(), ct));
    }

    /// <param name="idempotencyKey">本次兑换的唯一标识（如 UUID），1–64 个可见 ASCII 字符；重试时保持不变。</param>
    private static async Task<Created<RedemptionResponse>> Redeem(Guid id, [FromHeader(Name = IdempotencyKeyHeader), System.ComponentModel.DataAnnotations.Required] string? idempotencyKey,
        RedeemRequest? body, ClaimsPrincipal user, RedeemReward useCase, RedemptionQueries redemptions, HttpContext http, CancellationToken ct)
    {
        var actor = user.Actor();
        var (redemption, replayed) = await useCase.ExecuteAsync(actor, id, idempotencyKey, body?.Note, ct);
        if (replayed)
            http.Response.Headers[ReplayedHeader] = "true";
        return TypedResults.Created($"/api/v1/redemptions/{redemption.Id}", await RewardViews.RedemptionAsync(redemptions, actor, redemption, ct));
    }

    private static async Task<Ok<RedemptionResponse>> GetRedemption(Guid id, ClaimsPrincipal user, RedemptionQueries redemptions, CancellationToken ct)
    {
        var actor = user.Actor();
        return TypedResults.Ok(await RewardViews.RedemptionAsync(redemptions, actor, await redemptions.VisibleAsync(actor, id, ct), ct));
    }

    private static async Task<Ok<RedemptionResponse>> Cancel(Guid id, ClaimsPrincipal user, CancelRedemption useCase, RedemptionQueries redemptions,
        CancellationToken ct)
    {
        var actor = user.Actor();
        return TypedResults.Ok(await RewardViews.RedemptionAsync(redemptions, actor, await useCase.ExecuteAsync(actor, id, ct), ct));
    }

    private static async Task<Ok<RedemptionResponse>> Fulfil(FulfilRequest body, ClaimsPrincipal user, FulfilRedemption useCase,
        RedemptionQueries redemptions, CancellationToken ct)
    {
        var actor = user.Actor();
        return TypedResults.Ok(await RewardViews.RedemptionAsync(redemptions, actor, await useCase.ExecuteAsync(actor, body.Code, ct), ct));
    }

    /// <param name="status">按状态筛选：pending、fulfilled、cancelled、expired</param>
    private static async Task<Ok<Paged<RedemptionResponse>>> Mine(ClaimsPrincipal user, RedemptionQueries redemptions, RedemptionStatus? status,
        int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var actor = user.Actor();
        return TypedResults.Ok(await RewardViews.PageAsync(redemptions, actor, redemptions.Mine(actor, status), paging, ct));
    }

    /// <param name="status">按状态筛选：active、paused、ended</param>
    private static async Task<Ok<Paged<RewardResponse>>> OwnRewards(ClaimsPrincipal user, RewardQueries rewards,
        TimeProvider clock, RewardStatus? status, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var actor = user.Actor();
        var result = await paging.ApplyAsync(rewards.Own(actor, status), items => items, ct);
        return TypedResults.Ok(new Paged<RewardResponse>(await RewardViews.RewardsAsync(rewards, actor, result.Items, clock.GetUtcNow(), ct),
            result.Total, result.Page, result.PageSize));
    }

    /// <param name="status">按状态筛选：pending、fulfilled、cancelled、expired</param>
    /// <param name="rewardId">按奖品筛选</param>
    private static async Task<Ok<Paged<RedemptionResponse>>> PartnerRedemptions(ClaimsPrincipal user, RedemptionQueries redemptions,
        RedemptionStatus? status, Guid? rewardId, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var actor = user.Actor();
        return TypedResults.Ok(await RewardViews.PageAsync(redemptions, actor, redemptions.OfOwnPartner(actor, status, rewardId), paging, ct));
    }

    /// <param name="period">月份 yyyy-MM（北京时间），默认本月</param>
    /// <param name="format">json（默认）或 csv</param>
    /// <param name="partnerId">单位（街道管理员必填；工作人员默认本单位）</param>
    private static async Task<Results<Ok<SettlementResponse>, FileContentHttpResult>> Settlement(ClaimsPrincipal user, MonthlySettlement useCase,
        TimeProvider clock, HttpContext http, string? period, [System.ComponentModel.DataAnnotations.AllowedValues("json", "csv")] string? format,
        Guid? partnerId, CancellationToken ct)
    {
        var month = QueryValues.OptionalPeriod(period) ?? Period.Of(clock.GetUtcNow());
        var csv = format?.ToLowerInvariant() switch
        {
            null => http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)),
            "csv" => true,
            "json" => false,
            _ => throw DomainException.Invalid("format", "format 须为 json 或 csv。"),
        };
        var settlement = await useCase.ExecuteAsync(user.Actor(), partnerId, month, ct);
        if (csv) // the file is built in memory: on the thread pool, not on a socket thread (CpuWork)
            return TypedResults.File(await CpuWork.RunAsync(() => SettlementCsv.Write(settlement), ct), "text/csv; charset=utf-8", $"settlement-{month}.csv");
        return TypedResults.Ok(new SettlementResponse(settlement.PartnerId, settlement.PartnerName, settlement.Period.ToString(),
            settlement.Lines.Select(l => new SettlementLineResponse(l.RewardId, l.RewardTitle, l.PointsCost, l.Count, l.Points)).ToList(),
            settlement.TotalCount, settlement.TotalPoints));
    }
}
