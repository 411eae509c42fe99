using Volunteer.Domain.Common;
using Volunteer.Domain.Escalations;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Escalations;

/// <summary>部门办结: a department records what it did; when the last department has, the escalation is resolved.</summary>
public sealed class ResolveEscalation(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public Task<Escalation> ExecuteAsync(Actor actor, Guid escalationId, string? outcome, CancellationToken ct) => db.RetryOnConflictAsync(async () =>
    {
        var escalation = await EscalationAccess.LoadVisibleAsync(db, actor, escalationId, ct);
        if (!actor.IsDepartmentStaff)
            throw EscalationErrors.DepartmentOnly();
        var now = clock.GetUtcNow();
        var assignment = escalation.Resolve(actor.DepartmentId!.Value, actor.Id, outcome, now);
        var title = await db.NeedTitleAsync(escalation, ct);
        var department = await db.DepartmentNameAsync(assignment.DepartmentId, ct);
        await db.NotifyRequesterAndStaffAsync(escalation,
            to => Notification.EscalationResolved(to, escalation, assignment, title, department, now), ct);
        await db.SaveChangesAsync(ct);
        return escalation;
    });
}
