using Volunteer.Domain.Common;
using Volunteer.Domain.Escalations;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Escalations;

/// <summary>部门报到: staff of a department the escalation was sent to confirm their department has taken it on.</summary>
public sealed class AcknowledgeEscalation(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public Task<Escalation> ExecuteAsync(Actor actor, Guid escalationId, CancellationToken ct) => db.RetryOnConflictAsync(async () =>
    {
        var escalation = await EscalationAccess.LoadVisibleAsync(db, actor, escalationId, ct);
        if (!actor.IsDepartmentStaff)
            throw EscalationErrors.DepartmentOnly();
        var now = clock.GetUtcNow();
        var assignment = escalation.Acknowledge(actor.DepartmentId!.Value, actor.Id, now);
        var title = await db.NeedTitleAsync(escalation, ct);
        var department = await db.DepartmentNameAsync(assignment.DepartmentId, ct);
        await db.NotifyRequesterAndStaffAsync(escalation,
            to => Notification.EscalationAcknowledged(to, escalation, assignment, title, department, now), ct);
        await db.SaveChangesAsync(ct);
        return escalation;
    });
}
