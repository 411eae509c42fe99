using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Audit;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Audit;

/// <summary>
/// Writes the audit trail (审计记录) of sensitive reads and writes. A write is audited in its own
/// transaction (<see cref="Add"/>, saved with the change); a read is audited before its data is
/// returned (<see cref="ReadAsync"/>), so nothing sensitive is shown without a record of it.
/// Entries carry ids and field names, never the data itself.
/// </summary>
public static class AuditTrail
{
    /// <summary>Adds an entry to be saved with the caller's change.</summary>
    public static async Task AddAsync(VolunteerDbContext db, TimeProvider clock, Actor actor, AuditAction action, Guid? memberId,
        string? detail, CancellationToken ct, Guid? streetId = null)
    {
        streetId ??= await StreetOfMemberAsync(db, memberId, ct);
        db.AuditEntries.Add(AuditEntry.Record(actor, action, memberId, streetId, detail, clock.GetUtcNow()));
    }

    /// <summary>Records a sensitive read now.</summary>
    public static async Task ReadAsync(VolunteerDbContext db, TimeProvider clock, Actor actor, AuditAction action, Guid? memberId,
        string? detail, CancellationToken ct, Guid? streetId = null)
    {
        streetId ??= await StreetOfMemberAsync(db, memberId, ct);
        db.AuditEntries.Add(AuditEntry.Record(actor, action, memberId, streetId, detail, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
    }

    private static async Task<Guid?> StreetOfMemberAsync(VolunteerDbContext db, Guid? memberId, CancellationToken ct)
    {
        if (memberId is not { } id)
            return null;
        return await (from m in db.Members
                      join c in db.Communities on m.CommunityId equals c.Id
                      where m.Id == id
                      select (Guid?)c.StreetId).SingleOrDefaultAsync(ct);
    }
}
