using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Auth;
using Volunteer.Api.Claims;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Domain.Reports;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Api.Reports;

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
    private static async Task<Ok<DualEvaluationResponse>> Json(ClaimsPrincipal user, VolunteerDbContext db, TimeProvider clock, string? period,
        Guid? streetId, string? workUnit, CancellationToken ct) =>
        TypedResults.Ok(await LoadAsync(user.Actor(), db, clock, period, streetId, workUnit, ct));

    /// <param name="period">月份，yyyy-MM（须为已结束的月份）。</param>
    /// <param name="streetId">街道；街道管理员默认本街道。</param>
    /// <param name="workUnit">只导出一个工作单位。</param>
    private static async Task<FileContentHttpResult> Csv(ClaimsPrincipal user, VolunteerDbContext db, TimeProvider clock, string? period,
        Guid? streetId, string? workUnit, CancellationToken ct)
    {
        var report = await LoadAsync(user.Actor(), db, clock, period, streetId, workUnit, ct);
        var csv = new StringBuilder();
        CsvText.Row(csv, "工作单位", "姓名", "所在党支部", "居住社区", "服务次数", "服务时长（小时）", "评价次数", "平均评分", "认领微心愿");
        foreach (var unit in report.Units)
            foreach (var m in unit.Items)
                CsvText.Row(csv, unit.WorkUnit, m.Name, m.PartyBranch ?? "", m.CommunityName, m.Tasks.ToString(CultureInfo.InvariantCulture),
                    m.Hours.ToString("0.##", CultureInfo.InvariantCulture), m.RatingCount.ToString(CultureInfo.InvariantCulture),
                    m.AverageRating?.ToString("0.0", CultureInfo.InvariantCulture) ?? "", m.Wishes.ToString(CultureInfo.InvariantCulture));
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
        var name = $"双评议-{report.StreetName}-{report.Period}{(string.IsNullOrWhiteSpace(workUnit) ? "" : "-" + workUnit.Trim())}.csv";
        return TypedResults.File(bytes, "text/csv; charset=utf-8", name);
    }

    private static async Task<DualEvaluationResponse> LoadAsync(Actor actor, VolunteerDbContext db, TimeProvider clock, string? period,
        Guid? streetId, string? workUnit, CancellationToken ct)
    {
        actor.EnsureAdmin();
        var month = QueryValues.NotFuture(QueryValues.RequiredPeriod(period), clock.GetUtcNow(), allowCurrent: false);
        var targetId = streetId ?? actor.StreetId ?? throw DomainException.Invalid("streetId", "请指定街道 streetId。");
        if (!actor.IsAdminOf(targetId))
            throw DomainException.Forbidden("street.forbidden", "只能查看本街道的双评议报告。");
        var street = await db.Streets.AsNoTracking().SingleOrDefaultAsync(s => s.Id == targetId, ct)
            ?? throw DomainException.NotFound("street.notFound", "街道不存在。");

        var key = month.Key;
        var run = await db.JobRuns.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Job == JobName.DualEvaluation && r.Period == key && r.Status == JobRunStatus.Completed, ct)
            ?? throw DomainException.NotFound("report.notReady", $"{month} 的双评议报告尚未生成（每月 1 日 01:00 生成上月报告）。");

        var query = db.DualEvaluationEntries.AsNoTracking().Where(e => e.Period == key && e.StreetId == street.Id);
        if (!string.IsNullOrWhiteSpace(workUnit))
        {
            var unit = workUnit.Trim();
            query = query.Where(e => e.WorkUnit == unit);
        }
        var entries = await query.ToListAsync(ct);
        var communityIds = entries.Select(e => e.CommunityId).Distinct().ToList();
        var communities = await db.Communities.AsNoTracking().Where(c => communityIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);

        var units = entries
            .GroupBy(e => e.WorkUnit)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var items = g.OrderBy(e => communities[e.CommunityId], StringComparer.Ordinal).ThenBy(e => e.MemberName, StringComparer.Ordinal)
                    .ThenBy(e => e.MemberId)
                    .Select(e => new DualEvaluationMemberResponse(e.MemberId, e.MemberName, e.PartyBranch, communities[e.CommunityId], e.Tasks,
                        Hours.FromMinutes(e.Minutes), e.RatingCount, e.AverageRating, e.Wishes))
                    .ToList();
                return new DualEvaluationUnitResponse(g.Key, items.Count, g.Sum(e => e.Tasks), Hours.FromMinutes(g.Sum(e => e.Minutes)), items);
            })
            .ToList();
        return new DualEvaluationResponse(month.ToString(), street.Id, street.Name, run.FinishedAt ?? run.StartedAt, units);
    }
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
