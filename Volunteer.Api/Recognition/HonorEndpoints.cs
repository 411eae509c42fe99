using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Recognition;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Rankings;
using Volunteer.Infrastructure.Recognition;

namespace Volunteer.Api.Recognition;

/// <summary>An honour (表彰) of a month.</summary>
/// <param name="Period">月份，yyyy-MM。</param>
/// <param name="Kind">serviceStar 月度服务之星、outstandingPartyMember 优秀党员。</param>
/// <param name="Title">称号。</param>
/// <param name="Rank">当月社区积分榜名次（并列者名次相同）。</param>
/// <param name="Points">当月在该社区获得的积分。</param>
/// <param name="BonusPoints">随表彰发放的奖励积分（记入积分台账，类型 bonus）。</param>
/// <param name="MemberName">姓名：本社区工作人员和本街道管理员可见全名，其他人看到脱敏姓名，本人除外。</param>
/// <param name="IsMe">是否为当前登录的居民本人。</param>
public sealed record HonorResponse(Guid Id, string Period, Guid CommunityId, string CommunityName, HonorKind Kind, string Title,
    int Rank, int Points, int BonusPoints, string MemberName, bool IsMe, DateTimeOffset CreatedAt);

/// <param name="Enabled">是否开展月度表彰。</param>
/// <param name="TopN">表彰名额：社区积分榜前 N 名（1–100），并列者一并表彰。</param>
/// <param name="BonusPoints">每项表彰的奖励积分（0–1000，0 为不奖励）。</param>
/// <param name="PartyMemberHonors">是否同时按党员榜评选“优秀党员”。</param>
/// <param name="IsDefault">尚未设置，使用默认值（前 3 名，不奖励积分，评选优秀党员）。</param>
public sealed record HonorSettingsResponse(Guid CommunityId, bool Enabled, int TopN, int BonusPoints, bool PartyMemberHonors, bool IsDefault,
    DateTimeOffset? UpdatedAt)
{
    public static HonorSettingsResponse Of(HonorSettings s, bool isDefault) =>
        new(s.CommunityId, s.Enabled, s.TopN, s.BonusPoints, s.PartyMemberHonors, isDefault, isDefault ? null : s.UpdatedAt);
}

/// <summary>A community's recognition settings; they apply to months recognised after the change.</summary>
/// <param name="Enabled">是否开展月度表彰。</param>
/// <param name="TopN">表彰名额（1–100）。</param>
/// <param name="BonusPoints">每项表彰的奖励积分（0–1000）。</param>
/// <param name="PartyMemberHonors">是否评选“优秀党员”。</param>
public sealed record HonorSettingsRequest(bool? Enabled, int? TopN, int? BonusPoints, bool? PartyMemberHonors) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(Enabled, "enabled", "是否开展表彰"),
        Require.Present(TopN, "topN", "表彰名额"),
        Require.Present(BonusPoints, "bonusPoints", "奖励积分"),
        Require.Present(PartyMemberHonors, "partyMemberHonors", "是否评选优秀党员"));
}

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
    private static async Task<Ok<Paged<HonorResponse>>> List(ClaimsPrincipal user, VolunteerDbContext db, TimeProvider clock, string? period,
        Guid? communityId, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var month = QueryValues.OptionalPeriod(period) is { } p ? QueryValues.NotFuture(p, clock.GetUtcNow(), allowCurrent: true) : (Period?)null;
        var actor = user.Actor();

        IQueryable<Honor> query = db.Honors.AsNoTracking();
        if (communityId is { } id)
        {
            var community = await db.CommunityAsync(id, ct);
            await RankingAccess.EnsureSameStreetAsync(db, actor, community.StreetId, ct);
            query = query.Where(h => h.CommunityId == id);
        }
        else if (actor.IsResident)
        {
            var home = await db.Members.Where(m => m.Id == actor.Id).Select(m => m.CommunityId).SingleAsync(ct)
                ?? throw DomainException.Invalid("communityId", "请先在个人资料中选择所属社区，或指定 communityId。");
            query = query.Where(h => h.CommunityId == home);
        }
        else if (actor.IsStaff)
        {
            query = query.Where(h => h.CommunityId == actor.CommunityId);
        }
        else if (!actor.IsPlatformAdmin)
        {
            var street = actor.StreetId;
            query = query.Where(h => db.Communities.Any(c => c.Id == h.CommunityId && c.StreetId == street));
        }
        if (month is { } m)
            query = query.Where(h => h.Period == m.Key);

        var ordered = query.OrderByDescending(h => h.Period).ThenBy(h => h.CommunityId).ThenBy(h => h.Kind).ThenBy(h => h.Rank).ThenBy(h => h.MemberId);
        var honors = await paging.ApplyAsync(ordered, items => items, ct);
        var memberIds = honors.Items.Select(h => h.MemberId).Distinct().ToList();
        var communityIds = honors.Items.Select(h => h.CommunityId).Distinct().ToList();
        var names = await db.Members.AsNoTracking().Where(x => memberIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var communities = await db.Communities.AsNoTracking().Where(c => communityIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => (c.Name, c.StreetId), ct);
        var items = honors.Items.Select(h =>
        {
            var (communityName, streetId) = communities[h.CommunityId];
            var me = actor.IsResident && h.MemberId == actor.Id;
            var full = me || actor.IsAdminOf(streetId) || actor.IsStaffOf(h.CommunityId);
            var name = names.GetValueOrDefault(h.MemberId, "");
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
