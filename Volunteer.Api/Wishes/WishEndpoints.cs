using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Claims;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Tasks;
using Volunteer.Infrastructure.Wishes;

namespace Volunteer.Api.Wishes;

public static class WishEndpoints
{
    public static IEndpointRouteBuilder MapWishes(this IEndpointRouteBuilder app)
    {
        var wishes = app.MapApiGroup("/api/v1/wishes", "微心愿");

        wishes.MapGet("/", Wall).WithName("ListWishes")
            .WithSummary("心愿墙")
            .WithDescription("一个社区的微心愿：待认领、已认领、已实现，最新的在前。本街道的居民、共建单位和工作人员可查看；姓名脱敏显示。" +
                "心愿由居民（或工作人员代下单）以类别 microWish 提交需求，经工作人员审核发布（名额为 1）后上墙。工作人员隐藏的心愿不在墙上显示。")
            .Problems(400, 404);

        wishes.MapGet("/{id:guid}", Get).WithName("GetWish")
            .WithSummary("查看心愿")
            .Problems(404);

        wishes.MapPost("/{id:guid}/adopt", Adopt).WithName("AdoptWish")
            .WithSummary("认领心愿")
            .WithDescription("党员、居民或共建单位（代表本单位）认领心愿；每个心愿只有一位认领人，同时认领时只有一人成功，其余返回 409 wish.taken。" +
                "不能认领自己的心愿。")
            .Problems(403, 404, 409);

        wishes.MapPost("/{id:guid}/fulfil", Fulfil).WithName("FulfilWish")
            .WithSummary("标记心愿完成")
            .WithDescription("认领人送达礼物或完成帮助后标记完成，可随后上传照片（POST /api/v1/claims/{claimId}/photos），等待心愿人确认。")
            .Problems(403, 404, 409);

        wishes.MapPost("/{id:guid}/confirm", Confirm).WithName("ConfirmWish")
            .WithSummary("确认心愿已实现")
            .WithDescription("心愿人本人（或本社区工作人员代为）确认后，心愿在墙上显示为已实现；之后工作人员核验（POST /api/v1/claims/{claimId}/verify）才记录积分。")
            .Problems(403, 404, 409);

        wishes.MapPost("/{id:guid}/hide", Hide).WithName("HideWish")
            .WithSummary("从心愿墙隐藏（隐私保护）")
            .Problems(403, 404, 409);

        wishes.MapPost("/{id:guid}/show", Show).WithName("ShowWish")
            .WithSummary("恢复在心愿墙显示")
            .Problems(403, 404, 409);

        return app;
    }

    /// <param name="communityId">社区（必填）。</param>
    /// <param name="state">按状态筛选：open、adopted、fulfilled。</param>
    private static async Task<Ok<Paged<WishResponse>>> Wall(ClaimsPrincipal user, WishQueries wishes, Guid? communityId,
        WishState? state, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var id = communityId ?? throw DomainException.Invalid("communityId", "请指定社区 communityId。");
        var (items, total) = await wishes.WallAsync(user.Actor(), id, state, paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(new Paged<WishResponse>(items.Select(View).ToList(), total, paging.Page, paging.PageSize));
    }

    private static async Task<Ok<WishResponse>> Get(Guid id, ClaimsPrincipal user, WishQueries wishes, CancellationToken ct) =>
        TypedResults.Ok(View(await wishes.OnWallAsync(user.Actor(), id, ct)));

    private static async Task<Created<ClaimResponse>> Adopt(Guid id, ClaimsPrincipal user, AdoptWish useCase, ClaimQueries claimQueries, CancellationToken ct)
    {
        var claim = await useCase.ExecuteAsync(user.Actor(), id, ct);
        return TypedResults.Created($"/api/v1/claims/{claim.Id}", await ClaimViews.OneAsync(claimQueries, user.Actor(), claim, ct));
    }

    private static async Task<Ok<ClaimResponse>> Fulfil(Guid id, ClaimsPrincipal user, FulfilWish useCase, ClaimQueries claimQueries, CancellationToken ct) =>
        TypedResults.Ok(await ClaimViews.OneAsync(claimQueries, user.Actor(), await useCase.ExecuteAsync(user.Actor(), id, ct), ct));

    private static async Task<Ok<WishResponse>> Confirm(Guid id, ClaimsPrincipal user, ConfirmWish useCase, WishQueries wishes,
        CancellationToken ct)
    {
        await useCase.ExecuteAsync(user.Actor(), id, ct);
        return TypedResults.Ok(View(await wishes.OnWallAsync(user.Actor(), id, ct)));
    }

    private static async Task<Ok<WishResponse>> Hide(Guid id, ClaimsPrincipal user, SetWishVisibility useCase, WishQueries wishes,
        CancellationToken ct)
    {
        await useCase.ExecuteAsync(user.Actor(), id, hidden: true, ct);
        return TypedResults.Ok(View(await wishes.OnWallAsync(user.Actor(), id, ct)));
    }

    private static async Task<Ok<WishResponse>> Show(Guid id, ClaimsPrincipal user, SetWishVisibility useCase, WishQueries wishes,
        CancellationToken ct)
    {
        await useCase.ExecuteAsync(user.Actor(), id, hidden: false, ct);
        return TypedResults.Ok(View(await wishes.OnWallAsync(user.Actor(), id, ct)));
    }

    private static WishResponse View(WishRow row)
    {
        var (t, c) = (row.Task, row.Claim);
        return new WishResponse(t.Id, t.CommunityId, t.Title, t.Description, row.State, row.WisherName, row.AdopterName, row.AdopterIsPartner,
            c?.Id, c?.ClaimedAt, c?.CheckedOutAt, c?.ReceiptConfirmedAt, c?.Status == ClaimStatus.Verified, t.Points, t.EndsAt,
            t.HiddenFromWall, t.CreatedAt);
    }
}
