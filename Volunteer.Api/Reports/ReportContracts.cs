using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Domain.Reports;
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
