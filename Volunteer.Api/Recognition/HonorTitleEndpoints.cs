using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Recognition;
using Volunteer.Infrastructure.Recognition;

namespace Volunteer.Api.Recognition;

public static class HonorTitleEndpoints
{
    private const string Tag = "表彰评选";

    public static IEndpointRouteBuilder MapHonorTitles(this IEndpointRouteBuilder app)
    {
        var titles = app.MapApiGroup("/api/v1/honor-titles", Tag);
        titles.MapPost("/", Define).WithName("DefineHonorTitle")
            .WithSummary("新增表彰称号（街道管理员）")
            .WithDescription("如 五星级文明户（家庭、每年）、雄关好人、道德模范（个人）。称号名称在本街道内不重复。")
            .Problems(400, 403, 409);
        titles.MapGet("/", ListTitles).WithName("ListHonorTitles")
            .WithSummary("本街道的表彰称号")
            .WithDescription("本街道居民、工作人员和管理员可见；includeRetired=true 时包含已停用的称号。")
            .Problems(400);
        titles.MapPost("/{id:guid}/retire", Retire).WithName("RetireHonorTitle")
            .WithSummary("停用表彰称号").WithDescription("停用后不再接受提名；待审批的提名仍可审批，已公布的表彰保留。")
            .Problems(403, 404, 409);
        titles.MapPost("/{id:guid}/restore", Restore).WithName("RestoreHonorTitle")
            .WithSummary("恢复使用表彰称号").Problems(403, 404, 409);

        var nominations = app.MapApiGroup("/api/v1/honor-nominations", Tag);
        nominations.MapPost("/", Nominate).WithName("NominateForHonor")
            .WithSummary("推荐表彰对象（社区工作人员）")
            .WithDescription("社区工作人员推荐本社区的居民或家庭，写明理由和评选期间，由街道管理员审批。同一对象同一称号同一期间只能推荐（获评）一次；" +
                "未通过的可以重新推荐。")
            .Problems(400, 403, 404, 409);
        nominations.MapGet("/", ListNominations).WithName("ListHonorNominations")
            .WithSummary("表彰提名列表")
            .WithDescription("社区工作人员看本社区的提名，街道管理员看本街道的提名，待审批的在前。")
            .Problems(400, 403);
        nominations.MapGet("/{id:guid}", GetNomination).WithName("GetHonorNomination")
            .WithSummary("查看表彰提名").Problems(404);
        nominations.MapPost("/{id:guid}/approve", Approve).WithName("ApproveHonorNomination")
            .WithSummary("审批通过并公布（街道管理员）")
            .WithDescription("通过后表彰在表彰榜公布，称号设有奖励积分的发放一次（台账类型 bonus，来源为该提名）；家庭称号的积分发给户主，" +
                "未登记户主的家庭只能获评不设奖励积分的称号。获评者收到站内消息。")
            .Problems(403, 404, 409);
        nominations.MapPost("/{id:guid}/reject", Reject).WithName("RejectHonorNomination")
            .WithSummary("审批不通过（街道管理员）").Problems(400, 403, 404, 409);

        app.MapApiGroup("/api/v1/honors", "排行与表彰").MapGet("/awards", Awards).WithName("ListHonorAwards")
            .WithSummary("表彰榜：街道评选的称号")
            .WithDescription("审批通过的表彰（五星级文明户、雄关好人等），在本街道内公开。未指定 communityId 时：居民和工作人员看本社区，" +
                "街道管理员看本街道。月度服务之星与优秀党员见 GET /api/v1/honors。")
            .Problems(400, 403, 404);
        return app;
    }

    private static async Task<Created<HonorTitleResponse>> Define(DefineHonorTitleRequest body, ClaimsPrincipal user, DefineHonorTitle useCase,
        CancellationToken ct)
    {
        var title = await useCase.ExecuteAsync(user.Actor(), body.StreetId, body.Name, body.Description, body.Subject!.Value, body.Cadence!.Value,
            body.BonusPoints ?? 0, ct);
        return TypedResults.Created($"/api/v1/honor-titles/{title.Id}", HonorTitleResponse.Of(title));
    }

    /// <param name="includeRetired">是否包含已停用的称号。</param>
    private static async Task<Ok<IReadOnlyList<HonorTitleResponse>>> ListTitles(ClaimsPrincipal user, HonorQueries honors, bool? includeRetired,
        CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<HonorTitleResponse>>((await honors.TitlesAsync(user.Actor(), includeRetired ?? false, ct))
            .Select(HonorTitleResponse.Of).ToList());

    private static async Task<Ok<HonorTitleResponse>> Retire(Guid id, ClaimsPrincipal user, SetHonorTitleActive useCase, CancellationToken ct) =>
        TypedResults.Ok(HonorTitleResponse.Of(await useCase.ExecuteAsync(user.Actor(), id, false, ct)));

    private static async Task<Ok<HonorTitleResponse>> Restore(Guid id, ClaimsPrincipal user, SetHonorTitleActive useCase, CancellationToken ct) =>
        TypedResults.Ok(HonorTitleResponse.Of(await useCase.ExecuteAsync(user.Actor(), id, true, ct)));

    private static async Task<Created<NominationResponse>> Nominate(NominateRequest body, ClaimsPrincipal user, NominateForHonor useCase,
        HonorQueries honors, CancellationToken ct)
    {
        var nomination = await useCase.ExecuteAsync(user.Actor(), body.TitleId!.Value, body.MemberId, body.HouseholdId, body.Period, body.Reason, ct);
        return TypedResults.Created($"/api/v1/honor-nominations/{nomination.Id}", await ViewAsync(honors, nomination, ct));
    }

    /// <param name="status">状态。</param>
    /// <param name="titleId">称号。</param>
    /// <param name="communityId">社区（街道管理员可按社区筛选）。</param>
    private static async Task<Ok<Paged<NominationResponse>>> ListNominations(ClaimsPrincipal user, HonorQueries honors, NominationStatus? status,
        Guid? titleId, Guid? communityId, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var query = honors.NominationsInView(user.Actor());
        if (status is { } s) query = query.Where(n => n.Status == s);
        if (titleId is { } t) query = query.Where(n => n.TitleId == t);
        if (communityId is { } c) query = query.Where(n => n.CommunityId == c);
        // Pending first (the admin's queue), then decided ones; newest first within each.
        var ordered = query.OrderBy(n => n.Status == NominationStatus.Pending ? 0 : 1).ThenByDescending(n => n.NominatedAt).ThenBy(n => n.Id);
        var result = await paging.ApplyAsync(ordered, items => items, ct);
        var rows = await honors.NominationRowsAsync(result.Items, ct);
        return TypedResults.Ok(new Paged<NominationResponse>(rows.Select(NominationResponse.Of).ToList(), result.Total, result.Page, result.PageSize));
    }

    private static async Task<Ok<NominationResponse>> GetNomination(Guid id, ClaimsPrincipal user, HonorQueries honors, CancellationToken ct) =>
        TypedResults.Ok(await ViewAsync(honors, await honors.NominationAsync(user.Actor(), id, ct), ct));

    private static async Task<Ok<NominationResponse>> Approve(Guid id, ClaimsPrincipal user, DecideNomination useCase, HonorQueries honors,
        CancellationToken ct) =>
        TypedResults.Ok(await ViewAsync(honors, await useCase.ExecuteAsync(user.Actor(), id, true, null, ct), ct));

    private static async Task<Ok<NominationResponse>> Reject(Guid id, RejectNominationRequest body, ClaimsPrincipal user, DecideNomination useCase,
        HonorQueries honors, CancellationToken ct) =>
        TypedResults.Ok(await ViewAsync(honors, await useCase.ExecuteAsync(user.Actor(), id, false, body.Reason, ct), ct));

    /// <param name="communityId">社区；缺省见说明。</param>
    /// <param name="titleId">称号。</param>
    /// <param name="period">评选期间：yyyy（年度）或 yyyy-MM（月度）。</param>
    private static async Task<Ok<Paged<HonorAwardResponse>>> Awards(ClaimsPrincipal user, HonorQueries honors, Guid? communityId, Guid? titleId,
        string? period, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var actor = user.Actor();
        var query = await honors.AwardsInViewAsync(actor, communityId, ct);
        if (titleId is { } t) query = query.Where(n => n.TitleId == t);
        if (!string.IsNullOrWhiteSpace(period))
        {
            var key = AwardPeriodKey(period);
            query = query.Where(n => n.Period == key && n.Cadence != HonorCadence.OneOff);
        }
        var ordered = query.OrderByDescending(n => n.DecidedAt).ThenBy(n => n.Id);
        var result = await paging.ApplyAsync(ordered, items => items, ct);
        var rows = await honors.AwardRowsAsync(actor, result.Items, ct);
        return TypedResults.Ok(new Paged<HonorAwardResponse>(rows.Select(HonorAwardResponse.Of).ToList(), result.Total, result.Page, result.PageSize));
    }

    private static int AwardPeriodKey(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 4 && int.TryParse(trimmed, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year))
            return year;
        return QueryValues.RequiredPeriod(trimmed).Key;
    }

    private static async Task<NominationResponse> ViewAsync(HonorQueries honors, HonorNomination nomination, CancellationToken ct) =>
        NominationResponse.Of((await honors.NominationRowsAsync([nomination], ct))[0]);
}
