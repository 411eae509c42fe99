using Volunteer.Domain.Common;
using Volunteer.Domain.Escalations;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Escalations;

/// <summary>
/// 居民评价: the resident whose need it was rates the outcome once after resolution; the community's staff
/// record it for a resident without a smartphone whose need they posted (代下单).
/// </summary>
public sealed class RateEscalation(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public Task<Escalation> ExecuteAsync(Actor actor, Guid escalationId, EscalationSatisfaction level, string? comment, CancellationToken ct) =>
        db.RetryOnConflictAsync(async () =>
        {
            var escalation = await EscalationAccess.LoadVisibleAsync(db, actor, escalationId, ct);
            var now = clock.GetUtcNow();
            if (actor.IsResident && escalation.RequesterId == actor.Id)
                escalation.Rate(level, comment, actor.Id, null, now);
            else if (actor.IsStaffOf(escalation.CommunityId))
                escalation.Rate(level, comment, null, actor.Id, now);
            else
                throw DomainException.Forbidden("escalation.rateForbidden", "只有提出需求的居民（或为其代下单的社区工作人员）可以评价。");
            await db.SaveChangesAsync(ct);
            return escalation;
        });
}
