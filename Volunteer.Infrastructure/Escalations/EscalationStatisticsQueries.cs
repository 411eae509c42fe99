using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Escalations;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Communities;

namespace Volunteer.Infrastructure.Escalations;

/// <summary>
/// One department's month: the escalations sent to it that month, how quickly it reported in and resolved
/// them (medians over those that did, in minutes), how many were overdue, and the residents' verdicts on
/// the rated ones (shares of the rated, 0–1, four decimals; null when none was rated).
/// </summary>
public sealed record DepartmentEscalationFigures(
    Guid DepartmentId,
    string DepartmentName,
    int Received,
    int Acknowledged,
    int Resolved,
    double? MedianMinutesToAcknowledge,
    double? MedianMinutesToResolve,
    int Overdue,
    int Rated,
    decimal? SatisfiedShare,
    decimal? BasicallySatisfiedShare,
    decimal? DissatisfiedShare);

/// <summary>A street's escalations in one month: raised and resolved that month, and each department's figures.</summary>
public sealed record EscalationStatistics(Guid StreetId, Period Period, int Raised, int ResolvedInPeriod,
    IReadOnlyList<DepartmentEscalationFigures> Departments);

/// <summary>
/// Per-department escalation statistics of a street and month (China time). <see cref="ForStreetAsync"/>
/// does no access check, for composing into other reports; <see cref="LoadAsync"/> is the admins' entry.
/// </summary>
public sealed class EscalationStatisticsQueries(VolunteerDbContext db) : IUseCase
{
    public async Task<EscalationStatistics> LoadAsync(Actor actor, Guid? streetId, Period period, CancellationToken ct)
    {
        actor.EnsureAdmin();
        var target = streetId ?? actor.StreetId ?? throw DomainException.Invalid("streetId", "请指定街道 streetId。");
        if (!actor.IsAdminOf(target))
            throw CommunityErrors.OtherStreet();
        if (!await db.Streets.AnyAsync(s => s.Id == target, ct))
            throw CommunityErrors.StreetNotFound();
        return await ForStreetAsync(target, period, ct);
    }

    /// <summary>Every department of <paramref name="streetId"/> (those sent nothing included, with zeros), by name (ordinal).</summary>
    public async Task<EscalationStatistics> ForStreetAsync(Guid streetId, Period period, CancellationToken ct)
    {
        var (start, end) = (period.StartsAt, period.EndsAt);
        // Ordered here, not in SQL, so both databases list them alike whatever their collation.
        var departments = (await db.Departments.AsNoTracking().Where(d => d.StreetId == streetId)
            .Select(d => new { d.Id, d.Name }).ToListAsync(ct)).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        var assignments = await (
                from a in db.EscalationAssignments.AsNoTracking()
                join e in db.Escalations.AsNoTracking() on a.EscalationId equals e.Id
                where e.StreetId == streetId && a.AssignedAt >= start && a.AssignedAt < end
                select new
                {
                    a.DepartmentId, a.AssignedAt, a.AcknowledgedAt, a.ResolvedAt,
                    a.AcknowledgementOverdueAt, a.ResolutionOverdueAt, e.Satisfaction,
                })
            .ToListAsync(ct);
        var raised = await db.Escalations.CountAsync(e => e.StreetId == streetId && e.CreatedAt >= start && e.CreatedAt < end, ct);
        var resolved = await db.Escalations.CountAsync(e => e.StreetId == streetId && e.ResolvedAt >= start && e.ResolvedAt < end, ct);

        var rows = departments.Select(d =>
        {
            var mine = assignments.Where(a => a.DepartmentId == d.Id).ToList();
            var rated = mine.Where(a => a.Satisfaction is not null).Select(a => a.Satisfaction!.Value).ToList();
            decimal? Share(EscalationSatisfaction level) =>
                rated.Count == 0 ? null : Math.Round((decimal)rated.Count(r => r == level) / rated.Count, 4);
            return new DepartmentEscalationFigures(d.Id, d.Name,
                Received: mine.Count,
                Acknowledged: mine.Count(a => a.AcknowledgedAt is not null),
                Resolved: mine.Count(a => a.ResolvedAt is not null),
                MedianMinutesToAcknowledge: Median(mine.Where(a => a.AcknowledgedAt is not null)
                    .Select(a => (a.AcknowledgedAt!.Value - a.AssignedAt).TotalMinutes)),
                MedianMinutesToResolve: Median(mine.Where(a => a.ResolvedAt is not null)
                    .Select(a => (a.ResolvedAt!.Value - a.AssignedAt).TotalMinutes)),
                Overdue: mine.Count(a => a.AcknowledgementOverdueAt is not null || a.ResolutionOverdueAt is not null),
                Rated: rated.Count,
                SatisfiedShare: Share(EscalationSatisfaction.Satisfied),
                BasicallySatisfiedShare: Share(EscalationSatisfaction.BasicallySatisfied),
                DissatisfiedShare: Share(EscalationSatisfaction.Dissatisfied));
        }).ToList();
        return new EscalationStatistics(streetId, period, raised, resolved, rows);
    }

    /// <summary>The middle value (the mean of the two middle values for an even count), rounded to a tenth of a minute; null for none.</summary>
    public static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
            return null;
        var middle = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return Math.Round(median, 1);
    }
}
