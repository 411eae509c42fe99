using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Recognition;
using Volunteer.Infrastructure.Recognition;

namespace Volunteer.Api.Recognition;

/// <summary>A title the street honours people or households with (表彰称号).</summary>
/// <param name="Name">称号名称，如 五星级文明户、雄关好人、道德模范。</param>
/// <param name="Subject">表彰对象：person 个人、household 家庭（户）。</param>
/// <param name="Cadence">评选周期：yearly 每年（同一对象每年一次）、monthly 每月、oneOff 一次性（同一对象仅一次）。</param>
/// <param name="BonusPoints">审批通过时发放的奖励积分（0–1000，只发一次；家庭称号发给户主）。</param>
/// <param name="IsActive">是否在用；停用的称号不再接受提名，已公布的表彰保留。</param>
public sealed record HonorTitleResponse(Guid Id, Guid StreetId, string Name, string? Description, HonorSubject Subject, HonorCadence Cadence,
    int BonusPoints, bool IsActive, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt)
{
    public static HonorTitleResponse Of(HonorTitle t) =>
        new(t.Id, t.StreetId, t.Name, t.Description, t.Subject, t.Cadence, t.BonusPoints, t.IsActive, t.CreatedAt, t.RetiredAt);
}

/// <param name="Name">称号名称（最多 32 字，本街道内不重复）。</param>
/// <param name="Description">评选标准说明（最多 500 字）。</param>
/// <param name="Subject">表彰对象：person 或 household。</param>
/// <param name="Cadence">评选周期：yearly、monthly 或 oneOff。</param>
/// <param name="BonusPoints">奖励积分（0–1000，缺省 0）。</param>
/// <param name="StreetId">平台管理员须指定街道；街道管理员缺省为本街道。</param>
public sealed record DefineHonorTitleRequest(string? Name, string? Description, HonorSubject? Subject, HonorCadence? Cadence, int? BonusPoints,
    Guid? StreetId) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(Name, "name", "称号名称"),
        Require.Present(Subject, "subject", "表彰对象"),
        Require.Present(Cadence, "cadence", "评选周期"));
}

/// <summary>A nomination (表彰提名) as staff and the street admin see it.</summary>
/// <param name="Period">评选期间：年度为 yyyy，月度为 yyyy-MM，一次性称号为 null。</param>
/// <param name="SubjectName">被推荐的居民姓名或家庭名称。</param>
/// <param name="Status">pending 待审批、approved 已通过（已公布）、rejected 未通过。</param>
/// <param name="BonusPoints">审批通过时发放的奖励积分（未通过或不奖励为 0）。</param>
/// <param name="BonusMemberId">领取奖励积分的居民（家庭称号为户主）。</param>
public sealed record NominationResponse(Guid Id, Guid TitleId, string TitleName, HonorSubject Subject, HonorCadence Cadence, string? Period,
    Guid CommunityId, string CommunityName, Guid? MemberId, Guid? HouseholdId, string SubjectName, string Reason, NominationStatus Status,
    DateTimeOffset NominatedAt, DateTimeOffset? DecidedAt, string? RejectionReason, int BonusPoints, Guid? BonusMemberId)
{
    public static NominationResponse Of(NominationRow row)
    {
        var n = row.Nomination;
        return new(n.Id, n.TitleId, row.TitleName, n.Subject, n.Cadence, n.HonorPeriod.Text, n.CommunityId, row.CommunityName, n.MemberId,
            n.HouseholdId, row.SubjectName, n.Reason, n.Status, n.NominatedAt, n.DecidedAt, n.RejectionReason, n.BonusPoints, n.BonusMemberId);
    }
}

/// <param name="TitleId">表彰称号。</param>
/// <param name="MemberId">被推荐的本社区居民（个人称号）。</param>
/// <param name="HouseholdId">被推荐的本社区家庭（家庭称号）。</param>
/// <param name="Period">评选期间：年度 yyyy、月度 yyyy-MM（缺省为当前年度或月份）；一次性称号不填。</param>
/// <param name="Reason">推荐理由（事迹），最多 500 字。</param>
public sealed record NominateRequest(Guid? TitleId, Guid? MemberId, Guid? HouseholdId, string? Period, string? Reason) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(TitleId, "titleId", "表彰称号"),
        Require.Present(Reason, "reason", "推荐理由"));
}

/// <param name="Reason">不通过原因（社区工作人员可见）。</param>
public sealed record RejectNominationRequest(string? Reason) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Reason, "reason", "不通过原因"));
}

/// <summary>A published honour on the roll (表彰榜): an approved nomination.</summary>
/// <param name="Period">评选期间：年度 yyyy、月度 yyyy-MM，一次性称号为 null。</param>
/// <param name="SubjectName">获评的居民或家庭：本社区工作人员、本街道管理员和本人（本户）可见全名，其他人看到脱敏名称。</param>
/// <param name="Reason">事迹（推荐理由）。</param>
/// <param name="BonusPoints">随表彰发放的奖励积分（记入积分台账，类型 bonus）。</param>
/// <param name="IsMine">是否为当前登录居民本人或本户。</param>
/// <param name="PublishedAt">审批通过（公布）的时间。</param>
public sealed record HonorAwardResponse(Guid Id, Guid TitleId, string TitleName, HonorSubject Subject, HonorCadence Cadence, string? Period,
    Guid CommunityId, string CommunityName, string SubjectName, string Reason, int BonusPoints, bool IsMine, DateTimeOffset PublishedAt)
{
    public static HonorAwardResponse Of(AwardRow row)
    {
        var n = row.Nomination;
        return new(n.Id, n.TitleId, row.TitleName, n.Subject, n.Cadence, n.HonorPeriod.Text, n.CommunityId, row.CommunityName, row.SubjectName,
            n.Reason, n.BonusPoints, row.IsMine, n.DecidedAt!.Value);
    }
}

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
