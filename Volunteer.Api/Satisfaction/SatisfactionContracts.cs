using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Http;
using Volunteer.Domain.Satisfaction;
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
