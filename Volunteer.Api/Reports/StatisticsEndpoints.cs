using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Api.Satisfaction;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Reports;

namespace Volunteer.Api.Reports;

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

public static class StatisticsEndpoints
{
    public static IEndpointRouteBuilder MapStatistics(this IEndpointRouteBuilder app)
    {
        var reports = app.MapApiGroup("/api/v1/reports", "统计报表");
        reports.MapGet("/statistics", Json).WithName("GetStatistics")
            .WithSummary("统计报表（参与、时长、积分、需求、满意度）")
            .WithDescription("街道管理员查看本街道（各社区与合计），社区工作人员查看本社区。period 为 yyyy-MM（月度）或 yyyy（年度），可为当前期间（统计到此刻）。" +
                "平台管理员须指定 streetId 或 communityId。")
            .Problems(400, 403, 404);
        reports.MapGet("/statistics.xlsx", Xlsx).WithName("DownloadStatistics")
            .WithSummary("下载统计报表（Excel）")
            .WithDescription("与 JSON 报表数字相同：工作表“统计”每个社区一行加合计行，工作表“需求类别”按社区与类别列出需求数。")
            .Produces<byte[]>(StatusCodes.Status200OK, StatisticsWorkbook.ContentType)
            .Problems(400, 403, 404);
        return app;
    }

    /// <param name="period">yyyy-MM 或 yyyy。</param>
    /// <param name="communityId">只看一个社区（街道管理员）；社区工作人员只能看本社区。</param>
    /// <param name="streetId">街道（平台管理员）。</param>
    private static async Task<Ok<StatisticsResponse>> Json(ClaimsPrincipal user, StatisticsQueries statistics, TimeProvider clock, string? period,
        Guid? communityId, Guid? streetId, CancellationToken ct) =>
        TypedResults.Ok(StatisticsResponse.Of(await statistics.LoadAsync(user.Actor(), StatisticsPeriod.Parse(period, clock.GetUtcNow()), streetId,
            communityId, ct)));

    /// <param name="period">yyyy-MM 或 yyyy。</param>
    /// <param name="communityId">只看一个社区。</param>
    /// <param name="streetId">街道（平台管理员）。</param>
    private static async Task<FileContentHttpResult> Xlsx(ClaimsPrincipal user, StatisticsQueries statistics, TimeProvider clock, string? period,
        Guid? communityId, Guid? streetId, CancellationToken ct)
    {
        var data = await statistics.LoadAsync(user.Actor(), StatisticsPeriod.Parse(period, clock.GetUtcNow()), streetId, communityId, ct);
        return TypedResults.File(StatisticsWorkbook.Bytes(data), StatisticsWorkbook.ContentType, StatisticsWorkbook.FileName(data));
    }
}

/// <summary>The statistics as an Excel workbook (MiniExcel): numbers stay numbers, names stay text.</summary>
public static class StatisticsWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Sheet = "统计";
    public const string CategorySheet = "需求类别";
    public const string EscalationSheet = "吹哨报到";

    public static readonly string[] Columns =
    [
        "社区", "活跃志愿者", "户数", "受服务户数", "受服务户占比（%）", "服务时长（小时）", "积分", "表彰奖励积分",
        "提交需求", "待审核", "已发布", "已驳回", "已撤回", "已上报街道", "首次服务需求数", "需求到服务中位时长（小时）",
        "服务评价数", "平均星级", "需求满意", "需求基本满意", "需求不满意", "需求满意率（%）",
        "调查数", "调查满意", "调查基本满意", "调查不满意", "调查满意率（%）",
    ];

    public static string FileName(Statistics s) => $"统计报表-{(s.CommunityId is null ? s.StreetName : s.Total.Name)}-{s.Period}.xlsx";

    /// <summary>One row per community, then the total (合计), in <see cref="Columns"/> order.</summary>
    public static IEnumerable<object?[]> Rows(Statistics s) =>
        s.Communities.Select(c => Row(c, c.Name)).Append(Row(s.Total, "合计"));

    private static object?[] Row(ScopeFigures f, string name)
    {
        int State(NeedStatus state) => f.NeedsByState.Where(x => x.State == state).Sum(x => x.Count);
        return
        [
            name, f.ActiveVolunteers, f.Households, f.HouseholdsServed, f.HouseholdsServedShare, f.ServiceHours, f.Points, f.BonusPoints,
            f.NeedsPosted, State(NeedStatus.Pending), State(NeedStatus.Approved), State(NeedStatus.Rejected), State(NeedStatus.Withdrawn),
            State(NeedStatus.Escalated),
            f.NeedsServed, f.MedianHoursToService, f.Ratings.Count, f.Ratings.Average,
            f.NeedSatisfaction.Satisfied, f.NeedSatisfaction.BasicallySatisfied, f.NeedSatisfaction.Dissatisfied, f.NeedSatisfaction.SatisfiedShare,
            f.Surveys, f.SurveySatisfaction.Satisfied, f.SurveySatisfaction.BasicallySatisfied, f.SurveySatisfaction.Dissatisfied,
            f.SurveySatisfaction.SatisfiedShare,
        ];
    }

    public static byte[] Bytes(Statistics s)
    {
        var main = Rows(s).Select(row => Columns.Select((c, i) => (c, row[i])).ToDictionary(x => x.c, x => x.Item2)).ToList();
        var categories = s.Communities.SelectMany(c => c.NeedsByCategory.Select(x => new Dictionary<string, object?>
        {
            ["社区"] = c.Name, ["类别"] = QueryValues.Name(x.Category), ["需求数"] = x.Count,
        })).ToList();
        if (categories.Count == 0)
            categories.Add(new Dictionary<string, object?> { ["社区"] = null, ["类别"] = null, ["需求数"] = null });
        var sheets = new Dictionary<string, object> { [Sheet] = main, [CategorySheet] = categories };
        if (s.Escalations is { } e)
            sheets[EscalationSheet] = e.Departments.Select(d => new Dictionary<string, object?>
            {
                ["职能部门"] = d.DepartmentName, ["接件"] = d.Received, ["已报到"] = d.Acknowledged, ["已办结"] = d.Resolved,
                ["报到中位用时（分钟）"] = d.MedianMinutesToAcknowledge, ["办结中位用时（分钟）"] = d.MedianMinutesToResolve, ["逾期"] = d.Overdue,
                ["评价数"] = d.Rated, ["满意占比"] = d.SatisfiedShare, ["基本满意占比"] = d.BasicallySatisfiedShare, ["不满意占比"] = d.DissatisfiedShare,
            }).DefaultIfEmpty(new Dictionary<string, object?> { ["职能部门"] = null }).ToList();
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, sheets);
        return stream.ToArray();
    }
}
