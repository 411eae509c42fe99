using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Audit;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Audit;

/// <summary>Filters of the audit trail; each null means any.</summary>
public sealed record AuditFilter(Guid? MemberId, Guid? ActorId, AuditAction? Action, Period? Period);

/// <summary>Reads of the audit trail. Registered like the use cases.</summary>
public sealed class AuditQueries(VolunteerDbContext db) : IUseCase
{
    /// <summary>
    /// The audit trail an admin may read, newest first: a street admin the entries about their
    /// street's members, a platform admin all of them.
    /// </summary>
    public IQueryable<AuditEntry> Visible(Actor actor, AuditFilter filter)
    {
        actor.EnsureAdmin();
        var query = db.AuditEntries.AsNoTracking();
        if (!actor.IsPlatformAdmin)
            query = query.Where(a => a.StreetId == actor.StreetId);
        if (filter.MemberId is { } member)
            query = query.Where(a => a.MemberId == member);
        if (filter.ActorId is { } who)
            query = query.Where(a => a.ActorId == who);
        if (filter.Action is { } action)
            query = query.Where(a => a.Action == action);
        if (filter.Period is { } period)
        {
            var (from, to) = (period.StartsAt, period.EndsAt);
            query = query.Where(a => a.At >= from && a.At < to);
        }
        return query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id);
    }
}
