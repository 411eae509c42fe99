using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Volunteer.Api.Reports;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Reports;
using Volunteer.Infrastructure.Common;

namespace Volunteer.Api.Console.Reports;

/// <summary><c>/console/reports</c>: the 双评议 report of a compiled month, on screen and as CSV or .xlsx.</summary>
[Authorize(Policy = ConsoleAuth.Admin)]
public sealed class IndexModel(DualEvaluationQueries reports, TimeProvider clock) : ConsolePageModel
{
    public IReadOnlyList<Period> Months { get; private set; } = [];
    public DualEvaluationReport? Report { get; private set; }

    public async Task OnGetAsync(string? period, CancellationToken ct)
    {
        Months = await reports.CompiledMonthsAsync(24, ct);
        if (period is null && Months.Count == 0)
            return;
        var month = period is null ? Months[0] : DualEvaluationEndpoints.Month(period, clock);
        Report = await reports.LoadAsync(Actor, month, null, null, ct);
    }

    /// <summary><c>?handler=Download&amp;period=yyyy-MM&amp;format=csv|xlsx</c>: the same file as the API's CSV, or a spreadsheet.</summary>
    public async Task<IActionResult> OnGetDownloadAsync(string? period, string? format, CancellationToken ct)
    {
        var report = await reports.LoadAsync(Actor, DualEvaluationEndpoints.Month(period, clock), null, null, ct);
        await CpuWork.LeaveSocketThread(); // The file is built in memory (MiniExcel zips): on the thread pool, not on a socket thread
        return format == "xlsx"
            ? ConsoleDownloads.Xlsx(DualEvaluationEndpoints.FileName(report, null, "xlsx"), "双评议", DualEvaluationEndpoints.Columns, DualEvaluationEndpoints.Rows(report))
            : new FileContentResult(DualEvaluationEndpoints.CsvBytes(report), "text/csv; charset=utf-8") { FileDownloadName = DualEvaluationEndpoints.FileName(report, null, "csv") };
    }
}
