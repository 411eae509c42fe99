using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Partners;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.WeChat;
using Volunteer.Infrastructure.Observability;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>单位接单 / 党员接单: claim a slot of a task.</summary>
/// <remarks>
/// <para>A resident's claim on PostgreSQL, of a task this instance has seen claimed before, is <b>one statement</b>
/// (<see cref="ClaimSql.ClaimAsMemberAsync"/>): the claim and its 认领成功 message are made from the task's
/// <see cref="PublishedTerms"/> and street (kept by <see cref="PublishedTermsCache"/>), and the statement takes the slot and
/// writes them only where <see cref="ServiceTask.Claim"/> and the street check would have let the claim through, the
/// rules written in SQL beside the entity's (<c>ClaimSqlTests</c> checks each against it). When that statement takes
/// nothing, the claim goes the way below, whose read lets the entity say why, with the same answer as ever.</para>
/// <para>Otherwise (the task's first claim here, a partner organisation's claim, SQLite) one read and one write. The
/// read (a compiled query) brings the task, the street its community lies in and, for a resident, the member and the
/// street of their home community, which is all the visibility check, the entity's rules and the response need. The
/// write (<see cref="ClaimSql.TakeSlotAndInsertAsync"/>) is the conditional slot update with the claim, its
/// notification and WeChat delivery: on PostgreSQL one statement, so one round trip and no explicit transaction.</para>
/// <para>"Already claimed" is the unique index's answer (<c>UX_Claims_Task_Member</c> / <c>UX_Claims_Task_Partner</c>);
/// the existing claim is looked up only when a claim is refused anyway, so that a double tap hears "already claimed"
/// rather than "full" or "closed". <c>ClaimStatementTests</c> counts the statements.</para>
/// </remarks>
public sealed class ClaimTask(VolunteerDbContext db, TimeProvider clock, PublishedTermsCache published) : IUseCase
{
    /// <summary>
    /// The claim, with what its claimant's answer shows: the task's title and, for a member's claim, their name and phone
    /// (null for an organisation's claim, whose name the answer reads). Enough to answer without reading anything again.
    /// </summary>
    public sealed record Claimed(Claim Claim, string TaskTitle, (string Name, string? Phone)? Member);

    /// <summary>What a claim is decided on, read in one statement.</summary>
    private sealed record Subject(ServiceTask Task, Guid TaskStreetId, Member? Member, Guid? MemberStreetId);

    // The member's street is looked up with the task (it follows a move), not taken from the token.
    private static readonly CompiledQuery<Func<VolunteerDbContext, Guid, Guid, CancellationToken, Task<Subject?>>> SubjectOf = new(() =>
        EF.CompileAsyncQuery((VolunteerDbContext db, Guid taskId, Guid memberId, CancellationToken ct) =>
            (from t in db.Tasks.AsNoTracking()
             where t.Id == taskId
             from m in db.Members.AsNoTracking().Where(m => m.Id == memberId).DefaultIfEmpty()
             select new Subject(t,
                 db.Communities.Where(c => c.Id == t.CommunityId).Select(c => c.StreetId).FirstOrDefault(),
                 m,
                 db.Communities.Where(c => c.Id == m!.CommunityId).Select(c => (Guid?)c.StreetId).FirstOrDefault()))
            .FirstOrDefault()));

    public async Task<Claimed> ExecuteAsync(Actor actor, Guid taskId, CancellationToken ct)
    {
        if (actor.Role is not (ActorRole.Resident or ActorRole.PartnerStaff))
            throw DomainException.Forbidden("claim.role", "只有居民、党员或共建单位可以认领任务。");

        var oneStatement = ClaimSql.DecidesInOneStatement(db);
        if (actor.IsResident && oneStatement && published.Of(taskId) is { Terms: var terms, StreetId: var streetId })
        {
            var now = clock.GetUtcNow();
            var asked = Claim.AskedBy(actor.Id, terms, now);
            var accepted = Notification.ClaimAccepted(asked, terms, now);
            object[] written = Outbox.DeliveryOf(accepted) is { } wechat ? [asked, accepted, wechat] : [asked, accepted];
            (string Name, string? Phone)? shown;
            try
            {
                shown = await ClaimSql.ClaimAsMemberAsync(db, terms, streetId, actor.Id, now, written, ct);
            }
            catch (Exception e) when (DatabaseErrors.IsUniqueViolation(e))
            {
                throw AlreadyClaimed();
            }
            if (shown is not null)
            {
                VolunteerMetrics.Claimed();
                return new Claimed(asked, terms.Title, shown);
            }
            // Nothing taken: full, closed, another street, not theirs to claim, or the terms kept here are out of date.
            // The read below finds out which, with the entity's answer, and claims if the claim was only held up here.
        }

        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetUtcNow();
            var subject = await SubjectOf.For(db)(db, taskId, actor.IsResident ? actor.Id : Guid.Empty, ct);
            Member? member = null;
            Claimant claimant;
            if (actor.IsResident)
            {
                // A task of another street is not there for this claimant (404), whatever its slots; a
                // resident without a home community sees no street.
                if (subject is null || subject.TaskStreetId != (subject.MemberStreetId ?? Guid.Empty))
                    throw TaskAccess.NotFound();
                member = subject.Member ?? throw new InvalidOperationException("The signed-in member does not exist.");
                claimant = Claimant.ForMember(member);
            }
            else
            {
                if (subject is null || subject.TaskStreetId != (actor.StreetId ?? Guid.Empty))
                    throw TaskAccess.NotFound();
                claimant = Claimant.ForPartner(actor.PartnerId!.Value, actor.Id);
            }
            var task = subject.Task;

            Claim claim;
            try
            {
                if (attempt == 1 && claimant.PartnerId is { } partnerId && !await db.ServesAsync(partnerId, task.CommunityId, now, ct))
                    throw DomainException.Forbidden("claim.partnerNotServing",
                        "贵单位与该社区没有有效的共建协议，不能以单位名义认领该社区的任务。");
                // Checks eligibility and the slot count as last read; the conditional update below
                // takes the slot only if it is still free when the row is locked.
                claim = task.Claim(claimant, now);
            }
            catch (DomainException refused)
            {
                if (refused.Code is "task.cancelled" or "task.ended")
                    published.Forget(taskId); // for good: no claim of it will go through
                throw await AlreadyClaimedOrAsync(claimant, taskId, refused, ct);
            }

            // One statement on PostgreSQL: the slot, the claim, its notification and WeChat delivery, or nothing.
            var notification = Notification.ClaimAccepted(claim, task, now);
            object[] rows = Outbox.DeliveryOf(notification) is { } delivery ? [claim, notification, delivery] : [claim, notification];
            bool taken;
            try
            {
                taken = await ClaimSql.TakeSlotAndInsertAsync(db, taskId, now, rows, ct);
            }
            catch (Exception e) when (DatabaseErrors.IsUniqueViolation(e))
            {
                throw AlreadyClaimed();
            }
            if (taken)
            {
                VolunteerMetrics.Claimed();
                if (oneStatement)
                    published.Remember(task.Terms, subject.TaskStreetId);
                return new Claimed(claim, task.Title, member is null ? null : (member.Name, member.Phone));
            }
            if (attempt == 3)
                throw await AlreadyClaimedOrAsync(claimant, taskId, TaskErrors.Full(), ct);
        }
    }

    /// <summary>A refusal, unless the claimant already holds a live claim on the task: then that is the answer.</summary>
    private async Task<DomainException> AlreadyClaimedOrAsync(Claimant claimant, Guid taskId, DomainException refusal, CancellationToken ct)
    {
        var answer = await db.Claims.AnyAsync(c => c.TaskId == taskId && c.Status != ClaimStatus.Cancelled
            && (claimant.MemberId != null ? c.MemberId == claimant.MemberId : c.PartnerId == claimant.PartnerId), ct)
            ? AlreadyClaimed()
            : refusal;
        VolunteerMetrics.ClaimRefused(answer.Code);
        return answer;
    }

    private static DomainException AlreadyClaimed() =>
        DomainException.Conflict("claim.duplicate", "您已认领过该任务，不能重复认领。");
}
