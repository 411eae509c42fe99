using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Escalations;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Escalations;

/// <summary>
/// Who sees an escalation: the street's admins, the staff of its community, the departments it was sent
/// to, and the resident whose need it is. For anyone else it does not exist (404); those who see it but
/// may not do a step get 403.
/// </summary>
public static class EscalationAccess
{
    /// <summary>The escalations an actor sees, as a query.</summary>
    public static IQueryable<Escalation> Visible(this VolunteerDbContext db, Actor actor)
    {
        var all = db.Escalations.AsQueryable();
        return actor switch
        {
            { IsPlatformAdmin: true } => all,
            { IsAdmin: true } => all.Where(e => e.StreetId == actor.StreetId),
            { IsStaff: true } => all.Where(e => e.CommunityId == actor.CommunityId),
            { IsDepartmentStaff: true } => all.Where(e => e.Assignments.Any(a => a.DepartmentId == actor.DepartmentId)),
            { IsResident: true } => all.Where(e => e.RequesterId == actor.Id),
            _ => all.Where(_ => false),
        };
    }

    /// <summary>Loads an escalation the actor sees, tracked, with its departments and timeline (what every change needs).</summary>
    public static async Task<Escalation> LoadVisibleAsync(VolunteerDbContext db, Actor actor, Guid escalationId, CancellationToken ct) =>
        await db.Visible(actor).Whole().SingleOrDefaultAsync(e => e.Id == escalationId, ct) ?? throw NotFound();

    /// <summary>Escalations with their departments and timeline.</summary>
    public static IQueryable<Escalation> Whole(this IQueryable<Escalation> query) =>
        query.Include(e => e.Assignments).Include(e => e.Timeline).AsSplitQuery();

    public static DomainException NotFound() => EscalationErrors.NotFound();

    /// <summary>
    /// Runs one change of an escalation, starting over when another change of the same escalation
    /// committed first (its version check failed): the second department to resolve at the same moment
    /// then sees the first one's resolution, and a second report-in sees the first.
    /// </summary>
    public static async Task<T> RetryOnConflictAsync<T>(this VolunteerDbContext db, Func<Task<T>> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await change();
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateException e) when (attempt < 5 && DatabaseErrors.IsUniqueViolation(e))
            {
                // A simultaneous dispatch inserted the same department first; the next attempt sees it.
                db.ChangeTracker.Clear();
            }
        }
    }
}

/// <summary>Configuration section <c>Escalations</c>.</summary>
public sealed class EscalationOptions
{
    public const string Section = "Escalations";

    /// <summary>How soon a department must report in (报到) after it was sent an escalation; never later than the deadline.</summary>
    public TimeSpan AcknowledgeWithin { get; set; } = TimeSpan.FromDays(1);

    internal bool IsValid => AcknowledgeWithin >= TimeSpan.FromMinutes(1) && AcknowledgeWithin <= TimeSpan.FromDays(30);
}
