using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Reports;
using Volunteer.Infrastructure.Common;

namespace Volunteer.Api.Reports;

public static class DualEvaluationEndpoints
{
    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        var reports = app.MapApiGroup("/api/v1/reports", "双评议");
        reports.MapGet("/dual-evaluation", Json).WithName("GetDualEvaluation")
            .WithSummary("双评议报告（按工作单位）")
            .WithDescription("本街道在职党员当月在居住社区经核验的服务（次数、时长、评价），按工作单位分组，供反馈给各单位党组织。" +
                "每月 1 日生成上月报告，生成后不再变化。街道管理员查看本街道；平台管理员须指定 streetId。")
            .Problems(400, 403, 404);
        reports.MapGet("/dual-evaluation.csv", Csv).WithName("DownloadDualEvaluation")
            .WithSummary("下载双评议报告（CSV）")
            .WithDescription("与 JSON 报告内容相同，UTF-8（带 BOM，Excel 可直接打开），按工作单位排序；可用 workUnit 只导出一个单位。")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .Problems(400, 403, 404);
        return app;
    }

    /// <param name="period">月份，yyyy-MM（须为已结束的月份）。</param>
    /// <param name="streetId">街道；街道管理员默认本街道。</param>
    /// <param name="workUnit">只看一个工作单位。</param>
    private static async Task<Ok<DualEvaluationResponse>> Json(ClaimsPrincipal user, DualEvaluationQueries reports, TimeProvider clock, string? period,
        Guid? streetId, string? workUnit, CancellationToken ct) =>
        TypedResults.Ok(Response(await reports.LoadAsync(user.Actor(), Month(period, clock), streetId, workUnit, ct)));

    /// <param name="period">月份，yyyy-MM（须为已结束的月份）。</param>
    /// <param name="streetId">街道；街道管理员默认本街道。</param>
    /// <param name="workUnit">只导出一个工作单位。</param>
    private static async Task<FileContentHttpResult> Csv(ClaimsPrincipal user, DualEvaluationQueries reports, TimeProvider clock, string? period,
        Guid? streetId, string? workUnit, CancellationToken ct)
    {
        var report = await reports.LoadAsync(user.Actor(), Month(period, clock), streetId, workUnit, ct);
        await CpuWork.LeaveSocketThread(); // A street's CSV is built in memory: on the thread pool, not on a socket thread
        return TypedResults.File(CsvBytes(report), "text/csv; charset=utf-8", FileName(report, workUnit, "csv"));
    }

    public static Period Month(string? period, TimeProvider clock) =>
        QueryValues.NotFuture(QueryValues.RequiredPeriod(period), clock.GetUtcNow(), allowCurrent: false);

    public static string FileName(DualEvaluationReport report, string? workUnit, string extension) =>
        $"双评议-{report.StreetName}-{report.Month}{(string.IsNullOrWhiteSpace(workUnit) ? "" : "-" + workUnit.Trim())}.{extension}";

    public static readonly string[] Columns = ["工作单位", "姓名", "所在党支部", "居住社区", "服务次数", "服务时长（小时）", "评价次数", "平均评分", "认领微心愿"];

    /// <summary>The report's rows as spreadsheet cells, in <see cref="Columns"/> order (numbers stay numbers).</summary>
    public static IEnumerable<object?[]> Rows(DualEvaluationReport report) =>
        report.Units.SelectMany(unit => unit.Items.Select(m => new object?[]
        {
            unit.WorkUnit, m.Name, m.PartyBranch ?? "", m.CommunityName, m.Tasks, Hours.FromMinutes(m.Minutes), m.RatingCount, m.AverageRating, m.Wishes,
        }));

    /// <summary>UTF-8 with a BOM, so Excel opens the Chinese text directly.</summary>
    public static byte[] CsvBytes(DualEvaluationReport report)
    {
        var csv = new StringBuilder();
        CsvText.Row(csv, Columns);
        foreach (var row in Rows(report))
            CsvText.Row(csv, row.Select((cell, column) => cell switch
            {
                null => "",
                decimal rating when column == 7 => rating.ToString("0.0", CultureInfo.InvariantCulture),
                decimal hours => hours.ToString("0.##", CultureInfo.InvariantCulture),
                int count => count.ToString(CultureInfo.InvariantCulture),
                _ => cell.ToString() ?? "",
            }).ToArray());
        return Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
    }

    private static DualEvaluationResponse Response(DualEvaluationReport report) => new(report.Month.ToString(), report.StreetId, report.StreetName,
        report.CompiledAt, report.Units.Select(u => new DualEvaluationUnitResponse(u.WorkUnit, u.Members, u.Tasks, Hours.FromMinutes(u.Minutes),
            u.Items.Select(m => new DualEvaluationMemberResponse(m.MemberId, m.Name, m.PartyBranch, m.CommunityName, m.Tasks,
                Hours.FromMinutes(m.Minutes), m.RatingCount, m.AverageRating, m.Wishes)).ToList())).ToList());
}

/// <summary>RFC 4180 rows, safe to open in a spreadsheet.</summary>
public static class CsvText
{
    public static void Row(StringBuilder csv, params string[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
                csv.Append(',');
            csv.Append(Cell(cells[i]));
        }
        csv.Append("\r\n");
    }

    /// <summary>
    /// Quotes a cell when it needs it, and defuses text a spreadsheet would run as a formula
    /// (=, +, -, @ at the start): names and work units are typed in by residents.
    /// </summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
