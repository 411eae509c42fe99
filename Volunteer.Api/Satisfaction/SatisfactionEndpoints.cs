using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Api.Needs;
using Volunteer.Domain.Satisfaction;
using Volunteer.Infrastructure.Needs;
using Volunteer.Infrastructure.Satisfaction;

namespace Volunteer.Api.Satisfaction;

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
