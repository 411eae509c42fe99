using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Api.Needs;
using Volunteer.Domain.Satisfaction;
using Volunteer.Infrastructure.Needs;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Satisfaction;

namespace Volunteer.Api.Satisfaction;

/// <param name="Level">satisfied 满意、basicallySatisfied 基本满意、dissatisfied 不满意。</param>
/// <param name="Comment">意见建议（可选，最多 500 字）。</param>
public sealed record SatisfactionRequest(SatisfactionLevel? Level, string? Comment) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Level, "level", "满意度"));
}

/// <param name="Title">调查标题，如“2026 年第四季度社区满意度调查”。</param>
/// <param name="Description">调查说明。</param>
/// <param name="OpensAt">开始时间。</param>
/// <param name="ClosesAt">截止时间（晚于开始时间和现在，最长 92 天）。</param>
/// <param name="CommunityId">社区；社区工作人员缺省为本社区，街道管理员须指定本街道的社区。</param>
public sealed record OpenSurveyRequest(string? Title, string? Description, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, Guid? CommunityId)
    : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(Title, "title", "调查标题"),
        Require.Present(OpensAt, "opensAt", "开始时间"),
        Require.Present(ClosesAt, "closesAt", "截止时间"));
}

/// <summary>A community satisfaction survey (社区满意度调查).</summary>
/// <param name="IsOpen">当前是否可以作答。</param>
/// <param name="HouseholdAnswered">（居民）本户是否已作答（每户一份）。</param>
/// <param name="MyLevel">（居民）本人的回答；由同户其他成员作答时为 null。</param>
public sealed record SurveyResponse(Guid Id, Guid CommunityId, string Title, string? Description, DateTimeOffset OpensAt, DateTimeOffset ClosesAt,
    bool IsOpen, bool HouseholdAnswered, SatisfactionLevel? MyLevel, DateTimeOffset CreatedAt)
{
    public static SurveyResponse Of(SurveyView v, DateTimeOffset now) => new(v.Survey.Id, v.Survey.CommunityId, v.Survey.Title, v.Survey.Description,
        v.Survey.OpensAt, v.Survey.ClosesAt, v.Survey.IsOpenAt(now), v.HouseholdAnswered, v.MyLevel, v.Survey.CreatedAt);
}

/// <param name="HouseholdKey">作答的户（未登记户籍的居民按一人一户计，为其居民 id）。</param>
public sealed record SurveyAnswerResponse(Guid Id, Guid SurveyId, Guid HouseholdKey, SatisfactionLevel Level, string? Comment, DateTimeOffset AnsweredAt);

/// <summary>Counts and shares (percent, one decimal; null when nobody answered).</summary>
/// <param name="Total">评价总数。</param>
public sealed record SatisfactionSharesResponse(int Satisfied, int BasicallySatisfied, int Dissatisfied, int Total, decimal? SatisfiedShare,
    decimal? BasicallySatisfiedShare, decimal? DissatisfiedShare)
{
    public static SatisfactionSharesResponse Of(SatisfactionTally t) => new(t.Satisfied, t.BasicallySatisfied, t.Dissatisfied, t.Total,
        t.SatisfiedShare, t.BasicallySatisfiedShare, t.DissatisfiedShare);
}

/// <param name="Comment">意见内容（不显示作答人）。</param>
public sealed record SurveyCommentResponse(SatisfactionLevel Level, string Comment, DateTimeOffset AnsweredAt);

/// <summary>A survey's results, for the community's staff and the street's admins.</summary>
/// <param name="Shares">三档满意度的户数与占比（按作答户计）。</param>
/// <param name="AnsweredHouseholds">已作答户数。</param>
/// <param name="Households">社区总户数：已登记的户，加上未登记户籍的居民（一人一户）。</param>
/// <param name="ResponseRate">参与率（%，一位小数）。</param>
public sealed record SurveyResultsResponse(SurveyResponse Survey, SatisfactionSharesResponse Shares, int AnsweredHouseholds, int Households,
    decimal? ResponseRate, IReadOnlyList<SurveyCommentResponse> Comments);

public static class SatisfactionEndpoints
{
    public static IEndpointRouteBuilder MapSatisfaction(this IEndpointRouteBuilder app)
    {
        app.MapApiGroup("/api/v1/needs", "需求（居民下单）").MapPost("/{id:guid}/satisfaction", RateNeed).WithName("RateNeedSatisfaction")
            .WithSummary("评价需求满意度（满意 / 基本满意 / 不满意）")
            .WithDescription("服务完成（志愿者签退或已核验）后，提出需求的居民评价一次；代下单的需求可由本社区工作人员代为记录。")
            .Problems(400, 403, 404, 409, 422);

        var surveys = app.MapApiGroup("/api/v1/surveys", "满意度调查");
        surveys.MapPost("/", Open).WithName("OpenSurvey")
            .WithSummary("发起社区满意度调查")
            .WithDescription("社区工作人员为本社区发起（街道管理员可为本街道的社区发起），在开始与截止时间之间居民可作答，每户一份。")
            .Problems(400, 403, 404);
        surveys.MapGet("/", List).WithName("ListSurveys")
            .WithSummary("满意度调查列表")
            .WithDescription("居民和工作人员看到本社区的调查，街道管理员看到本街道的调查，新的在前。")
            .Problems(400);
        surveys.MapGet("/{id:guid}", Get).WithName("GetSurvey").WithSummary("查看满意度调查").Problems(404);
        surveys.MapPost("/{id:guid}/answers", Answer).WithName("AnswerSurvey")
            .WithSummary("回答满意度调查（每户一份）")
            .WithDescription("本社区居民在调查期间作答：satisfied 满意、basicallySatisfied 基本满意、dissatisfied 不满意，可附意见。同一户只能作答一次" +
                "（未登记户籍的居民按一人一户计）。")
            .Problems(400, 403, 404, 409, 422);
        surveys.MapGet("/{id:guid}/results", Results).WithName("GetSurveyResults")
            .WithSummary("满意度调查结果")
            .WithDescription("本社区工作人员与本街道管理员可见：三档的户数与占比、作答户数与总户数、意见（不显示作答人）。")
            .Problems(403, 404);
        surveys.MapPost("/{id:guid}/close", Close).WithName("CloseSurvey")
            .WithSummary("提前截止调查").Problems(403, 404, 409);
        return app;
    }

    private static async Task<Ok<NeedResponse>> RateNeed(Guid id, SatisfactionRequest body, ClaimsPrincipal user, RateNeedSatisfaction useCase,
        NeedQueries needs, CancellationToken ct) =>
        TypedResults.Ok(NeedEndpoints.View(await needs.RowAsync(await useCase.ExecuteAsync(user.Actor(), id, body.Level!.Value, body.Comment, ct), ct)));

    private static async Task<Created<SurveyResponse>> Open(OpenSurveyRequest body, ClaimsPrincipal user, OpenSurvey useCase, TimeProvider clock,
        CancellationToken ct)
    {
        var survey = await useCase.ExecuteAsync(user.Actor(), body.CommunityId, body.Title, body.Description, body.OpensAt!.Value, body.ClosesAt!.Value, ct);
        return TypedResults.Created($"/api/v1/surveys/{survey.Id}", SurveyResponse.Of(new SurveyView(survey, false, null), clock.GetUtcNow()));
    }

    /// <param name="communityId">社区（街道管理员可按社区筛选）。</param>
    private static async Task<Ok<Paged<SurveyResponse>>> List(ClaimsPrincipal user, SurveyQueries surveys, TimeProvider clock, Guid? communityId,
        int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var actor = user.Actor();
        var query = await surveys.InViewAsync(actor, ct);
        if (communityId is { } c) query = query.Where(s => s.CommunityId == c);
        var result = await paging.ApplyAsync(query.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id), items => items, ct);
        var now = clock.GetUtcNow();
        var views = await surveys.ViewsAsync(actor, result.Items, ct);
        return TypedResults.Ok(new Paged<SurveyResponse>(views.Select(v => SurveyResponse.Of(v, now)).ToList(), result.Total, result.Page, result.PageSize));
    }

    private static async Task<Ok<SurveyResponse>> Get(Guid id, ClaimsPrincipal user, SurveyQueries surveys, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(SurveyResponse.Of(await surveys.ViewAsync(user.Actor(), id, ct), clock.GetUtcNow()));

    private static async Task<Created<SurveyAnswerResponse>> Answer(Guid id, SatisfactionRequest body, ClaimsPrincipal user, AnswerSurvey useCase,
        CancellationToken ct)
    {
        var a = await useCase.ExecuteAsync(user.Actor(), id, body.Level!.Value, body.Comment, ct);
        return TypedResults.Created($"/api/v1/surveys/{id}", new SurveyAnswerResponse(a.Id, a.SurveyId, a.HouseholdKey, a.Level, a.Comment, a.AnsweredAt));
    }

    private static async Task<Ok<SurveyResultsResponse>> Results(Guid id, ClaimsPrincipal user, SurveyQueries surveys, TimeProvider clock,
        CancellationToken ct)
    {
        var r = await surveys.ResultsAsync(user.Actor(), id, ct);
        return TypedResults.Ok(new SurveyResultsResponse(SurveyResponse.Of(new SurveyView(r.Survey, false, null), clock.GetUtcNow()),
            SatisfactionSharesResponse.Of(r.Tally), r.AnsweredHouseholds, r.Households, r.ResponseRate,
            r.Comments.Select(c => new SurveyCommentResponse(c.Level, c.Comment, c.AnsweredAt)).ToList()));
    }

    private static async Task<Ok<SurveyResponse>> Close(Guid id, ClaimsPrincipal user, CloseSurvey useCase, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(SurveyResponse.Of(new SurveyView(await useCase.ExecuteAsync(user.Actor(), id, ct), false, null), clock.GetUtcNow()));
}
