using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Reports;

namespace Volunteer.Api.Console.Dashboard;

/// <summary><c>/console/dashboard</c> (数据看板): the street's last six months per community, and redemptions per partner.</summary>
[Authorize(Policy = ConsoleAuth.Admin)]
public sealed class IndexModel(StreetDashboardQueries dashboard, TimeProvider clock) : ConsolePageModel
{
    public const int Months = 6;

    public StreetDashboard Data { get; private set; } = null!;

    public async Task OnGetAsync(Guid? streetId, CancellationToken ct) =>
        Data = await dashboard.LoadAsync(Actor, streetId, Period.Of(clock.GetUtcNow()), Months, ct);

    public static readonly string[] Columns = ["社区", "月份", "服务时长（小时）", "积分", "活跃志愿者", "参与服务的党员", "评价次数", "平均评分"];

    public static IEnumerable<object?[]> Rows(StreetDashboard data) => data.Rows.Select(r => new object?[]
        { r.CommunityName, r.Month.ToString(), Math.Round(r.Minutes / 60m, 2), r.Points, r.ActiveVolunteers, r.PartyMembersServing, r.Ratings, r.AverageRating });

    /// <summary><c>?handler=Export&amp;format=csv|xlsx</c>: the table behind the charts.</summary>
    public async Task<IActionResult> OnGetExportAsync(Guid? streetId, string? format, CancellationToken ct)
    {
        var data = await dashboard.LoadAsync(Actor, streetId, Period.Of(clock.GetUtcNow()), Months, ct);
        var name = $"数据看板-{data.StreetName}-{data.Months[0]}至{data.Months[^1]}";
        return format == "xlsx"
            ? ConsoleDownloads.Xlsx(name + ".xlsx", "数据看板", Columns, Rows(data))
            : ConsoleDownloads.Csv(name + ".csv", Columns, Rows(data));
    }
}
