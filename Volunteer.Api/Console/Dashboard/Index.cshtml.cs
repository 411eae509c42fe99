using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Volunteer.Api.Reports;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Reports;
using Volunteer.Infrastructure.Common;

namespace Volunteer.Api.Console.Dashboard;

/// <summary><c>/console/dashboard</c> (数据看板): the street's last six months per community, and redemptions per partner.</summary>
[Authorize(Policy = ConsoleAuth.Admin)]
public sealed class IndexModel(StreetDashboardQueries dashboard, StatisticsQueries statistics, TimeProvider clock) : ConsolePageModel
{
    public const int Months = 6;

    public StreetDashboard Data { get; private set; } = null!;

    /// <summary>统计报表 for <c>?period=</c> (yyyy-MM or yyyy; the current month by default): the same figures as the API's.</summary>
    public Statistics Stats { get; private set; } = null!;

    public async Task OnGetAsync(Guid? streetId, string? period, CancellationToken ct)
    {
        Data = await dashboard.LoadAsync(Actor, streetId, Period.Of(clock.GetUtcNow()), Months, ct);
        Stats = await LoadStatisticsAsync(Data.StreetId, period, ct);
    }

    /// <summary><c>?handler=Statistics&amp;period=</c>: the 统计报表 workbook, as <c>GET /api/v1/reports/statistics.xlsx</c> gives it.</summary>
    public async Task<IActionResult> OnGetStatisticsAsync(Guid? streetId, string? period, CancellationToken ct)
    {
        var data = await LoadStatisticsAsync(streetId, period, ct);
        await CpuWork.LeaveSocketThread(); // Zipping the workbook (MiniExcel) is CPU work: on the thread pool, not on a socket thread
        return new FileContentResult(StatisticsWorkbook.Bytes(data), StatisticsWorkbook.ContentType) { FileDownloadName = StatisticsWorkbook.FileName(data) };
    }

    private Task<Statistics> LoadStatisticsAsync(Guid? streetId, string? period, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return statistics.LoadAsync(Actor, StatisticsPeriod.Parse(string.IsNullOrWhiteSpace(period) ? Period.Of(now).ToString() : period, now),
            streetId, null, ct);
    }

    public static readonly string[] Columns = ["社区", "月份", "服务时长（小时）", "积分", "活跃志愿者", "参与服务的党员", "评价次数", "平均评分"];

    public static IEnumerable<object?[]> Rows(StreetDashboard data) => data.Rows.Select(r => new object?[]
        { r.CommunityName, r.Month.ToString(), Math.Round(r.Minutes / 60m, 2), r.Points, r.ActiveVolunteers, r.PartyMembersServing, r.Ratings, r.AverageRating });

    /// <summary><c>?handler=Export&amp;format=csv|xlsx</c>: the table behind the charts.</summary>
    public async Task<IActionResult> OnGetExportAsync(Guid? streetId, string? format, CancellationToken ct)
    {
        var data = await dashboard.LoadAsync(Actor, streetId, Period.Of(clock.GetUtcNow()), Months, ct);
        var name = $"数据看板-{data.StreetName}-{data.Months[0]}至{data.Months[^1]}";
        await CpuWork.LeaveSocketThread(); // The file is built in memory (MiniExcel zips): on the thread pool, not on a socket thread
        return format == "xlsx"
            ? ConsoleDownloads.Xlsx(name + ".xlsx", "数据看板", Columns, Rows(data))
            : ConsoleDownloads.Csv(name + ".csv", Columns, Rows(data));
    }
}
