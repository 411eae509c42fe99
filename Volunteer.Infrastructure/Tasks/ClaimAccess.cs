using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>Who may see and act on a claim.</summary>
public static class ClaimAccess
{
    public static bool IsClaimant(Actor actor, Claim claim) =>
        (actor.IsResident && claim.MemberId == actor.Id)
        || (actor.IsPartnerStaff && claim.PartnerId is not null && claim.PartnerId == actor.PartnerId);

    /// <summary>
    /// Loads a claim (tracked) and its task. The claimant, the task's requester and the staff who
    /// manage the task's community may see it; for anyone else it does not exist (404).
    /// </summary>
    public static async Task<(Claim Claim, ServiceTask Task, bool Manages)> LoadVisibleAsync(
        VolunteerDbContext db, Actor actor, Guid claimId, CancellationToken ct)
    {
        var claim = await db.Claims.SingleOrDefaultAsync(c => c.Id == claimId, ct) ?? throw NotFound();
        var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == claim.TaskId, ct);
        var manages = !actor.IsResident && !actor.IsPartnerStaff && await db.ManagesAsync(actor, task.CommunityId, task.GridId, ct);
        var isRequester = actor.IsResident && task.RequesterId == actor.Id;
        if (!manages && !isRequester && !IsClaimant(actor, claim))
            throw NotFound();
        return (claim, task, manages);
    }

    public static DomainException NotFound() => DomainException.NotFound("claim.notFound", "认领记录不存在。");

    public static DomainException NotClaimant() =>
        DomainException.Forbidden("claim.notClaimant", "只有认领人本人（或认领单位）可以执行此操作。");

    public static DomainException NotManager() =>
        DomainException.Forbidden("claim.notManager", "只有该任务所属社区的工作人员可以核验。");
}
