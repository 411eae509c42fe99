using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Rankings;
using Volunteer.Infrastructure.Recognition;

namespace Volunteer.Api.Recognition;

public static class HonorEndpoints
{
    public static IEndpointRouteBuilder MapHonors(this IEndpointRouteBuilder app)
    {
        app.MapApiGroup("/api/v1/honors", "排行与表彰").MapGet("/", List).WithName("ListHonors")
            .WithSummary("月度表彰名单")
            .WithDescription("月度服务之星、优秀党员。每月 1 日由月度排行榜生成，在本街道内公开。未指定 communityId 时：居民看本社区，" +
                "工作人员看本社区，街道管理员看本街道全部社区。")
            .Problems(400, 403, 404);

        var settings = app.MapApiGroup("/api/v1/communities", "排行与表彰");
        settings.MapGet("/{id:guid}/honor-settings", GetSettings).WithName("GetHonorSettings")
            .WithSummary("查看社区表彰设置").Problems(403, 404);
        settings.MapPut("/{id:guid}/honor-settings", PutSettings).WithName("SetHonorSettings")
            .WithSummary("修改社区表彰设置（名额、奖励积分）")
            .WithDescription("本社区工作人员或本街道管理员设置。新设置用于之后生成的月度表彰，已生成的表彰不变。")
            .Problems(400, 403, 404, 409);
        return app;
    }

    /// <param name="period">月份，yyyy-MM；缺省为全部月份（新的在前）。</param>
    /// <param name="communityId">社区；缺省见说明。</param>
    private static async Task<Ok<Paged<HonorResponse>>> List(ClaimsPrincipal user, HonorQueries honorQueries, TimeProvider clock, string? period,
        Guid? communityId, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var month = QueryValues.OptionalPeriod(period) is { } p ? QueryValues.NotFuture(p, clock.GetUtcNow(), allowCurrent: true) : (Period?)null;
        var actor = user.Actor();

        var honors = await paging.ApplyAsync(await honorQueries.ListedAsync(actor, communityId, month, ct), items => items, ct);
        var names = await honorQueries.NamesAsync(honors.Items, ct);
        var items = honors.Items.Select(h =>
        {
            var (communityName, streetId) = names.Communities[h.CommunityId];
            var me = actor.IsResident && h.MemberId == actor.Id;
            var full = me || actor.IsAdminOf(streetId) || actor.IsStaffOf(h.CommunityId);
            var name = names.Members.GetValueOrDefault(h.MemberId, "");
            return new HonorResponse(h.Id, Period.FromKey(h.Period).ToString(), h.CommunityId, communityName, h.Kind, h.Title, h.Rank,
                h.Points, h.BonusPoints, full ? name : Masking.Name(name), me, h.CreatedAt);
        }).ToList();
        return TypedResults.Ok(new Paged<HonorResponse>(items, honors.Total, honors.Page, honors.PageSize));
    }

    private static async Task<Ok<HonorSettingsResponse>> GetSettings(Guid id, ClaimsPrincipal user, HonorSettingsQueries queries, CancellationToken ct)
    {
        var view = await queries.ForCommunityAsync(user.Actor(), id, ct);
        return TypedResults.Ok(HonorSettingsResponse.Of(view.Settings, view.IsDefault));
    }

    private static async Task<Ok<HonorSettingsResponse>> PutSettings(Guid id, HonorSettingsRequest body, ClaimsPrincipal user,
        SetHonorSettings useCase, CancellationToken ct)
    {
        var settings = await useCase.ExecuteAsync(user.Actor(), id, body.Enabled!.Value, body.TopN!.Value, body.BonusPoints!.Value,
            body.PartyMemberHonors!.Value, ct);
        return TypedResults.Ok(HonorSettingsResponse.Of(settings, false));
    }
}
