using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Volunteer.Api.Rewards;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Rewards;
using Volunteer.Infrastructure.Common;

namespace Volunteer.Api.Console.Rewards;

/// <summary><c>/console/redemptions</c>: the organisation's redemptions (names masked, codes by their last four) and the monthly settlement download.</summary>
[Authorize(Policy = ConsoleAuth.Partner)]
public sealed class RedemptionsModel(RedemptionQueries redemptions, MonthlySettlement settlement, TimeProvider clock) : ConsolePageModel
{
    public IReadOnlyList<RedemptionResponse> Redemptions { get; private set; } = [];
    public IReadOnlyList<Period> Months { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Redemptions = await RewardViews.RedemptionsAsync(redemptions, Actor, await redemptions.RecentAsync(Actor, 200, ct), ct);
        var months = new List<Period> { Period.Of(clock.GetUtcNow()) };
        while (months.Count < 6)
            months.Add(months[^1].Previous());
        Months = months;
    }

    /// <summary><c>?handler=Settlement&amp;period=yyyy-MM&amp;format=csv|xlsx</c>: the month's settlement, as the API's CSV or a spreadsheet.</summary>
    public async Task<IActionResult> OnGetSettlementAsync(string? period, string? format, CancellationToken ct)
    {
        if (!Period.TryParse(period, out var month))
            throw DomainException.Invalid("period", "period 须为 yyyy-MM 格式的月份，如 2026-11。");
        var result = await settlement.ExecuteAsync(Actor, null, month, ct);
        await CpuWork.LeaveSocketThread(); // The file is built in memory (MiniExcel zips): on the thread pool, not on a socket thread
        if (format != "xlsx")
            return new FileContentResult(SettlementCsv.Write(result), "text/csv; charset=utf-8") { FileDownloadName = $"settlement-{month}.csv" };
        string[] columns = ["单位", "结算月份", "奖品名称", "单份积分", "核销份数", "积分合计"];
        var rows = result.Lines.Select(l => new object?[] { result.PartnerName, month.ToString(), l.RewardTitle, l.PointsCost, l.Count, l.Points })
            .Append([result.PartnerName, month.ToString(), "合计", null, result.TotalCount, result.TotalPoints]);
        return ConsoleDownloads.Xlsx($"settlement-{month}.xlsx", "月度结算", columns, rows);
    }
}
