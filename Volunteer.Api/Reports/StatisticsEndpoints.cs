using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Needs;
using Volunteer.Infrastructure.Reports;
using Volunteer.Infrastructure.Common;

namespace Volunteer.Api.Reports;

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
        await CpuWork.LeaveSocketThread(); // Zipping the workbook (MiniExcel) is CPU work: on the thread pool, not on a socket thread
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
