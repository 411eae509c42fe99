using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Escalations;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Escalations;

/// <summary>Who hears of each escalation step; every notice goes into the outbox of the change it reports.</summary>
internal static class EscalationNotices
{
    public static Task<string> NeedTitleAsync(this VolunteerDbContext db, Escalation escalation, CancellationToken ct) =>
        db.Needs.AsNoTracking().Where(n => n.Id == escalation.NeedId).Select(n => n.Title).SingleAsync(ct);

    public static Task<string> DepartmentNameAsync(this VolunteerDbContext db, Guid departmentId, CancellationToken ct) =>
        db.Departments.AsNoTracking().Where(d => d.Id == departmentId).Select(d => d.Name).SingleAsync(ct);

    public static Task<List<Guid>> DepartmentStaffAsync(this VolunteerDbContext db, Guid departmentId, CancellationToken ct) =>
        db.Accounts.AsNoTracking()
            .Where(a => a.Role == ActorRole.DepartmentStaff && a.DepartmentId == departmentId && !a.IsDisabled)
            .Select(a => a.Id).ToListAsync(ct);

    public static Task<List<Guid>> StreetAdminsAsync(this VolunteerDbContext db, Guid streetId, CancellationToken ct) =>
        db.Accounts.AsNoTracking()
            .Where(a => a.Role == ActorRole.StreetAdmin && a.StreetId == streetId && !a.IsDisabled)
            .Select(a => a.Id).ToListAsync(ct);

    /// <summary>The resident whose need it is, and the staff of its community.</summary>
    public static async Task NotifyRequesterAndStaffAsync(this VolunteerDbContext db, Escalation escalation,
        Func<Recipient, Notification> notification, CancellationToken ct)
    {
        db.Notify(notification(Recipient.Member(escalation.RequesterId)));
        await db.NotifyStaffAsync(escalation.CommunityId, staff => notification(Recipient.Account(staff)), ct);
    }
}
