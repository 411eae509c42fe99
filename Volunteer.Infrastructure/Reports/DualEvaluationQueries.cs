using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Communities;

namespace Volunteer.Infrastructure.Reports;

public sealed record DualEvaluationMember(Guid MemberId, string Name, string? PartyBranch, string CommunityName, int Tasks, int Minutes,
    int RatingCount, decimal? AverageRating, int Wishes);

public sealed record DualEvaluationUnit(string WorkUnit, int Members, int Tasks, int Minutes, IReadOnlyList<DualEvaluationMember> Items);

/// <summary>双评议: a street's in-service party members' service in a month, by work unit, as the monthly job compiled it.</summary>
public sealed record DualEvaluationReport(Period Month, Guid StreetId, string StreetName, DateTimeOffset CompiledAt,
    IReadOnlyList<DualEvaluationUnit> Units);

/// <summary>Reads of the compiled 双评议 report, shared by the API and the console. Registered like the use cases.</summary>
public sealed class DualEvaluationQueries(VolunteerDbContext db) : IUseCase
{
    /// <summary>
    /// The report of <paramref name="month"/> (an ended month) for the admin's street (or
    /// <paramref name="streetId"/>): 403 for another street, 404 when not compiled yet.
    /// </summary>
    public async Task<DualEvaluationReport> LoadAsync(Actor actor, Period month, Guid? streetId, string? workUnit, CancellationToken ct)
    {
        actor.EnsureAdmin();
        var targetId = streetId ?? actor.StreetId ?? throw DomainException.Invalid("streetId", "请指定街道 streetId。");
        if (!actor.IsAdminOf(targetId))
            throw CommunityErrors.OtherStreet();
        var street = await db.Streets.AsNoTracking().SingleOrDefaultAsync(s => s.Id == targetId, ct)
            ?? throw CommunityErrors.StreetNotFound();

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
                    .Select(e => new DualEvaluationMember(e.MemberId, e.MemberName, e.PartyBranch, communities[e.CommunityId], e.Tasks,
                        e.Minutes, e.RatingCount, e.AverageRating, e.Wishes))
                    .ToList();
                return new DualEvaluationUnit(g.Key, items.Count, g.Sum(e => e.Tasks), g.Sum(e => e.Minutes), items);
            })
            .ToList();
        return new DualEvaluationReport(month, street.Id, street.Name, run.FinishedAt ?? run.StartedAt, units);
    }

    /// <summary>Months whose report is compiled, newest first.</summary>
    public async Task<IReadOnlyList<Period>> CompiledMonthsAsync(int take, CancellationToken ct)
    {
        var keys = await db.JobRuns.AsNoTracking().Where(r => r.Job == JobName.DualEvaluation && r.Status == JobRunStatus.Completed)
            .OrderByDescending(r => r.Period).Select(r => r.Period).Take(take).ToListAsync(ct);
        return keys.Select(Period.FromKey).ToList();
    }
}
