using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Http;
using Volunteer.Api.Satisfaction;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Reports;

namespace Volunteer.Api.Reports;

/// <param name="Period">月份 yyyy-MM。</param>
/// <param name="Findings">异常线索：rule 为 linkedVerifier（核验账号与志愿者关联）、implausibleDuration（签到签退不足 1 分钟或超过任务时长）、
/// frequentPair（同一需求人与志愿者配对次数远高于本社区常态）、outlierPoints（本月积分远高于本社区分布）、
/// sharedSignIn（同一设备或同一网络地址本月登录了多位居民，memberIds 为这些居民）；claimIds 为相关认领记录。</param>
public sealed record AnomalyReportResponse(string Period, IReadOnlyList<AnomalyFinding> Findings);

/// <param name="Name">姓名。</param>
/// <param name="PartyBranch">所在党支部。</param>
/// <param name="CommunityName">居住社区（双报到社区）。</param>
/// <param name="Tasks">当月在居住社区经核验的服务次数。</param>
/// <param name="Hours">当月在居住社区经核验的服务时长（小时）。</param>
/// <param name="RatingCount">收到评价的服务次数。</param>
/// <param name="AverageRating">平均评分（1–5 星，一位小数）；无评价为 null。</param>
/// <param name="Wishes">当月在居住社区认领的微心愿数（未取消、未被驳回）。</param>
public sealed record DualEvaluationMemberResponse(Guid MemberId, string Name, string? PartyBranch, string CommunityName, int Tasks,
    decimal Hours, int RatingCount, decimal? AverageRating, int Wishes);

/// <param name="WorkUnit">工作单位。</param>
public sealed record DualEvaluationUnitResponse(string WorkUnit, int Members, int Tasks, decimal Hours,
    IReadOnlyList<DualEvaluationMemberResponse> Items);

/// <summary>双评议: a street's in-service party members' service in a month, by work unit.</summary>
/// <param name="CompiledAt">报告生成时间；生成后不再变化。</param>
public sealed record DualEvaluationResponse(string Period, Guid StreetId, string StreetName, DateTimeOffset CompiledAt,
    IReadOnlyList<DualEvaluationUnitResponse> Units);

/// <param name="ActiveVolunteers">活跃志愿者：期间内有经核验服务时长的居民（人数，不重复计）。</param>
/// <param name="Households">户数：已登记的户，加上未登记户籍的居民（一人一户），按当前数据。</param>
/// <param name="HouseholdsServed">受服务户数：期间内有经核验的服务（其本人提出的需求或为其发布的任务）的户。</param>
/// <param name="HouseholdsServedShare">受服务户占比（%，一位小数）；无户数时为 null。</param>
public sealed record ParticipationResponse(int ActiveVolunteers, int Households, int HouseholdsServed, decimal? HouseholdsServedShare);

public sealed record NeedStateCount(NeedStatus State, int Count);

public sealed record NeedCategoryCount(TaskCategory Category, int Count);

/// <param name="Posted">期间内提交的需求数。</param>
/// <param name="ByState">按当前状态（pending 待审核、approved 已发布、rejected 已驳回、withdrawn 已撤回）。</param>
/// <param name="ByCategory">按类别（只列有需求的类别）。</param>
public sealed record NeedFiguresResponse(int Posted, IReadOnlyList<NeedStateCount> ByState, IReadOnlyList<NeedCategoryCount> ByCategory);

/// <param name="NeedsServed">期间内首次得到服务（签到，或工作人员补录确认）的需求数。</param>
/// <param name="MedianHours">从提交需求到首次服务的中位时长（小时，一位小数）；无数据为 null。</param>
public sealed record TimeToServiceResponse(int NeedsServed, double? MedianHours);

/// <param name="Count">期间内的服务评价数（1–5 星）。</param>
/// <param name="AverageStars">平均星级（一位小数）；无评价为 null。</param>
/// <param name="CountByStars">1 星至 5 星各自的评价数。</param>
public sealed record StarRatingsResponse(int Count, decimal? AverageStars, IReadOnlyList<int> CountByStars);

/// <param name="Surveys">期间内开放过的满意度调查数。</param>
/// <param name="Answers">期间内的作答（每户一份）。</param>
public sealed record SurveyFiguresResponse(int Surveys, SatisfactionSharesResponse Answers);

/// <param name="Claims">服务评价（星级，评单）。</param>
/// <param name="Needs">需求满意度（满意 / 基本满意 / 不满意，按评价时间）。</param>
/// <param name="Surveys">社区满意度调查。</param>
public sealed record SatisfactionFiguresResponse(StarRatingsResponse Claims, SatisfactionSharesResponse Needs, SurveyFiguresResponse Surveys);

/// <summary>One community's figures, or the total of the scope (communityId null for a street's total).</summary>
/// <param name="ServiceHours">经核验的服务时长（小时，两位小数）。</param>
/// <param name="Points">服务获得的积分（含工作人员更正，即排行榜的积分）。</param>
/// <param name="BonusPoints">期间内发放的表彰奖励积分。</param>
public sealed record ScopeStatisticsResponse(Guid? CommunityId, string Name, ParticipationResponse Participation, decimal ServiceHours, int Points,
    int BonusPoints, NeedFiguresResponse Needs, TimeToServiceResponse TimeToService, SatisfactionFiguresResponse Satisfaction)
{
    public static ScopeStatisticsResponse Of(ScopeFigures f) => new(f.CommunityId, f.Name,
        new ParticipationResponse(f.ActiveVolunteers, f.Households, f.HouseholdsServed, f.HouseholdsServedShare), f.ServiceHours, f.Points, f.BonusPoints,
        new NeedFiguresResponse(f.NeedsPosted, f.NeedsByState.Select(s => new NeedStateCount(s.State, s.Count)).ToList(),
            f.NeedsByCategory.Select(c => new NeedCategoryCount(c.Category, c.Count)).ToList()),
        new TimeToServiceResponse(f.NeedsServed, f.MedianHoursToService),
        new SatisfactionFiguresResponse(new StarRatingsResponse(f.Ratings.Count, f.Ratings.Average, f.Ratings.CountByStars),
            SatisfactionSharesResponse.Of(f.NeedSatisfaction), new SurveyFiguresResponse(f.Surveys, SatisfactionSharesResponse.Of(f.SurveySatisfaction))));
}

/// <summary>统计报表 for a month or a year.</summary>
/// <param name="Period">yyyy-MM（月度）或 yyyy（年度）。</param>
/// <param name="From">期间开始（含）。</param>
/// <param name="To">期间结束（不含）。</param>
/// <param name="CommunityId">只看一个社区时为该社区；街道报表为 null。</param>
/// <param name="Total">合计（街道报表为全街道，人数与户数不重复计）。</param>
/// <param name="Communities">各社区。</param>
/// <param name="Escalations">吹哨报到：各职能部门的接件、报到与办结用时、逾期、满意度。街道的月度报表才有；单个社区或年度报表为 null。</param>
public sealed record StatisticsResponse(string Period, DateTimeOffset From, DateTimeOffset To, Guid StreetId, string StreetName, Guid? CommunityId,
    ScopeStatisticsResponse Total, IReadOnlyList<ScopeStatisticsResponse> Communities, Volunteer.Api.Escalations.EscalationStatisticsResponse? Escalations)
{
    public static StatisticsResponse Of(Statistics s) => new(s.Period.ToString(), s.Period.From, s.Period.To, s.StreetId, s.StreetName, s.CommunityId,
        ScopeStatisticsResponse.Of(s.Total), s.Communities.Select(ScopeStatisticsResponse.Of).ToList(),
        s.Escalations is null ? null : Volunteer.Api.Escalations.EscalationStatisticsResponse.Of(s.Escalations));
}
