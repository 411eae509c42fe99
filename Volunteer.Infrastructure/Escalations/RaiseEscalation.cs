using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Escalations;
using Volunteer.Infrastructure.Needs;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Common;

namespace Volunteer.Infrastructure.Escalations;

/// <summary>社区呼叫: community staff raise a pending need of their community that they cannot meet to the street's queue.</summary>
public sealed class RaiseEscalation(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Escalation> ExecuteAsync(Actor actor, Guid needId, string? reason, CancellationToken ct)
    {
        var (need, manages) = await NeedAccess.LoadVisibleAsync(db, actor, needId, ct);
        if (!manages || !actor.IsStaffOf(need.CommunityId))
            throw DomainException.Forbidden("escalation.staffOnly", "只有该社区的工作人员可以上报街道。");
        var community = await db.CommunityAsync(need.CommunityId, ct);
        var escalation = Escalation.Raise(need, community.StreetId, actor.Id, reason, clock.GetUtcNow());
        db.Escalations.Add(escalation);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || DatabaseErrors.IsUniqueViolation(e))
        {
            // Another staff member escalated (or reviewed) the need at the same moment.
            db.ChangeTracker.Clear();
            throw DomainException.Conflict("need.notPending", "该需求刚刚已被处理（上报或审核），请刷新后查看。");
        }
        return escalation;
    }
}
