using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Escalations;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Escalations;

/// <summary>
/// The overdue job (<c>escalation-overdue</c>): report-ins and resolutions past their deadline are marked
/// overdue once, with a timeline row and a notice to the department's staff and the street's admins.
/// Idempotent and safe on two instances at once: each escalation changes under its version check, and the
/// unique index <c>UX_EscalationEvents_Overdue</c> keeps one overdue row per department and deadline; the
/// loser of a race reloads and finds nothing left to mark.
/// </summary>
public sealed class MarkOverdueEscalations(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    private const int Batch = 500;

    /// <returns>How many deadlines this run marked overdue.</returns>
    public async Task<int> ExecuteAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.Escalations.AsNoTracking()
            .Where(e => e.State == EscalationState.Dispatched && e.Assignments.Any(a =>
                (a.AcknowledgedAt == null && a.AcknowledgementOverdueAt == null && a.AcknowledgeDueAt < now)
                || (a.ResolvedAt == null && a.ResolutionOverdueAt == null && a.DueAt < now)))
            .OrderBy(e => e.Id).Select(e => e.Id).Take(Batch).ToListAsync(ct);

        var marked = 0;
        foreach (var id in due)
        {
            marked += await db.RetryOnConflictAsync(async () =>
            {
                var escalation = await db.Escalations.Whole().SingleAsync(e => e.Id == id, ct);
                var found = escalation.MarkOverdue(now);
                if (found.Count == 0)
                    return 0;
                var title = await db.NeedTitleAsync(escalation, ct);
                var admins = await db.StreetAdminsAsync(escalation.StreetId, ct);
                foreach (var (assignment, kind) in found)
                {
                    var department = await db.DepartmentNameAsync(assignment.DepartmentId, ct);
                    var recipients = (await db.DepartmentStaffAsync(assignment.DepartmentId, ct)).Concat(admins).Distinct();
                    foreach (var account in recipients)
                        db.Notify(Notification.EscalationOverdue(account, escalation, assignment, kind, title, department, now));
                }
                await db.SaveChangesAsync(ct);
                return found.Count;
            });
            db.ChangeTracker.Clear();
        }
        return marked;
    }
}
