using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Common;
using Volunteer.Domain.Escalations;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Escalations;

/// <summary>街道吹哨: a street admin sends an escalation to departments of the street with a deadline; sending again adds departments.</summary>
public sealed class DispatchEscalation(VolunteerDbContext db, TimeProvider clock, IOptions<EscalationOptions> options) : IUseCase
{
    public Task<Escalation> ExecuteAsync(Actor actor, Guid escalationId, IReadOnlyCollection<Guid> departmentIds, DateTimeOffset dueAt,
        CancellationToken ct) => db.RetryOnConflictAsync(async () =>
    {
        var escalation = await EscalationAccess.LoadVisibleAsync(db, actor, escalationId, ct);
        if (!actor.IsAdminOf(escalation.StreetId))
            throw DomainException.Forbidden("escalation.adminOnly", "只有街道管理员可以派单。");
        var ids = departmentIds.Distinct().ToList();
        var departments = await db.Departments.AsNoTracking().Where(d => ids.Contains(d.Id) && d.StreetId == escalation.StreetId).ToListAsync(ct);
        if (departments.Count != ids.Count)
            throw DomainException.Invalid("departmentIds", "职能部门不存在或不属于本街道。");

        var now = clock.GetUtcNow();
        var added = escalation.Dispatch(departments, dueAt, options.Value.AcknowledgeWithin, actor.Id, now);
        var title = await db.NeedTitleAsync(escalation, ct);
        foreach (var assignment in added)
            foreach (var staff in await db.DepartmentStaffAsync(assignment.DepartmentId, ct))
                db.Notify(Notification.EscalationDispatched(staff, escalation, assignment, title, now));
        await db.SaveChangesAsync(ct);
        return escalation;
    });
}
