using Volunteer.Domain.Audit;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Audit;
using Volunteer.Domain.Points;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Points;

/// <summary>Staff correct a member's points with a reason; a correction is a new ledger entry.</summary>
public sealed class AdjustPoints(VolunteerDbContext db, TimeProvider clock, PointsLedger ledger) : IUseCase
{
    public async Task<LedgerEntry> ExecuteAsync(Actor actor, Guid memberId, int amount, string? reason, CancellationToken ct)
    {
        var member = await MemberAccess.LoadManagedAsync(db, actor, memberId, ct);
        var entry = LedgerEntry.ForAdjustment(member.Id, amount, reason ?? "", actor.Id, member.CommunityId, member.GridId, clock.GetUtcNow());
        return await db.InTransactionAsync(async () =>
        {
            await AuditTrail.AddAsync(db, clock, actor, AuditAction.PointsAdjusted, member.Id, $"amount {amount:+#;-#}, entry {entry.Id}", ct);
            await ledger.PostAsync(entry, ct);
            return entry;
        }, ct);
    }
}
