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

namespace Volunteer.Infrastructure.Tasks;

/// <summary>社区发单: staff publish a task directly.</summary>
public sealed class PublishTask(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    /// <param name="communityId">Required for admins; staff publish in their own community.</param>
    public async Task<ServiceTask> ExecuteAsync(Actor actor, Guid? communityId, TaskTerms terms, CancellationToken ct)
    {
        actor.EnsureStaffOrAdmin();
        var targetId = actor.IsStaff ? actor.CommunityId!.Value
            : communityId ?? throw DomainException.Invalid("communityId", "请指定发布任务的社区。");
        if (actor.IsStaff && communityId is { } given && given != targetId)
            throw Scopes.NotYourCommunity();
        var community = await db.ManagedCommunityAsync(actor, targetId, ct);
        await db.GridInAsync(terms.GridId, community.Id, ct);

        var task = ServiceTask.Publish(community.Id, terms, actor.Id, clock.GetUtcNow());
        db.Tasks.Add(task);
        await db.SaveChangesAsync(ct);
        return task;
    }
}

/// <summary>Staff cancel a task; every claim not yet served ends with the reason.</summary>
public sealed class CancelTask(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<ServiceTask> ExecuteAsync(Actor actor, Guid taskId, string? reason, CancellationToken ct)
    {
        var task = await TaskAccess.LoadVisibleAsync(db, actor, taskId, ct, track: true);
        if (!await db.ManagesAsync(actor, task.CommunityId, ct))
            throw Scopes.NotYourCommunity();
        var now = clock.GetUtcNow();
        task.Cancel(reason ?? "", now);

        return await db.InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            // Read after the task row is updated: a claim committed before that is seen here, and
            // none can be added after, because claiming requires a published task.
            var open = await db.Claims
                .Where(c => c.TaskId == taskId && (c.Status == ClaimStatus.Accepted || c.Status == ClaimStatus.CheckedIn))
                .ToListAsync(ct);
            foreach (var claim in open)
                if (claim.EndBecauseTaskCancelled(task.CancelReason!, now))
                    db.Notify(Notification.TaskCancelled(claim, task, now));
            await db.SaveChangesAsync(ct);
            return task;
        }, ct);
    }

    internal static DomainException TaskNotFound() => TaskAccess.NotFound();
}

/// <summary>
/// The current check-in code to show on site (as a QR code): staff of the task's community, and the
/// requester of the need the task came from, so a volunteer serving at the requester's home can scan
/// it at the door. Anyone else is refused as before.
/// </summary>
public sealed class IssueCheckInCode(VolunteerDbContext db, TimeProvider clock, CheckInCodes codes) : IUseCase
{
    public async Task<(string Code, DateTimeOffset ExpiresAt)> ExecuteAsync(Actor actor, Guid taskId, CancellationToken ct)
    {
        var task = await TaskAccess.LoadVisibleAsync(db, actor, taskId, ct);
        var isRequester = actor.IsResident && task.RequesterId == actor.Id;
        if (!isRequester && !await db.ManagesAsync(actor, task.CommunityId, ct))
            throw Scopes.NotYourCommunity();
        task.EnsureOpen(clock.GetUtcNow());
        return codes.Issue(task.Id);
    }
}

/// <summary>单位接单 / 党员接单: claim a slot of a task.</summary>
/// <remarks>
/// The happy path is one read of the claimant, one of the task, and one transaction of two
/// statements (the conditional slot update and the claim insert). "Already claimed" is the unique
/// index's answer (<c>UX_Claims_Task_Member</c> / <c>UX_Claims_Task_Partner</c>); the existing
/// claim is looked up only when a claim is refused anyway, so that a double tap hears "already
/// claimed" rather than "full" or "closed".
/// </remarks>
public sealed class ClaimTask(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    /// <summary>The claim with the task and member it was made from: enough to answer without reading them again.</summary>
    public sealed record Claimed(Claim Claim, ServiceTask Task, Member? Member);

    public async Task<Claimed> ExecuteAsync(Actor actor, Guid taskId, CancellationToken ct)
    {
        Member? member = null;
        var claimant = actor.Role switch
        {
            ActorRole.Resident => Claimant.ForMember(member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == actor.Id, ct)),
            ActorRole.PartnerStaff => Claimant.ForPartner(actor.PartnerId!.Value, actor.Id),
            _ => throw DomainException.Forbidden("claim.role", "只有居民、党员或共建单位可以认领任务。"),
        };

        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetUtcNow();
            // A task of another street is not there for this claimant (404), whatever its slots.
            var task = await TaskAccess.LoadVisibleAsync(db, actor, taskId, ct);
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
                throw await AlreadyClaimedOrAsync(claimant, taskId, refused, ct);
            }

            // Nothing inside is rolled back to: a failed insert ends the whole transaction.
            db.Database.AutoSavepointsEnabled = false;
            var taken = await db.InTransactionAsync(async () =>
            {
                if (!await TaskSlots.TryTakeAsync(db, taskId, now, ct))
                    return false;
                db.Claims.Add(claim);
                db.Notify(Notification.ClaimAccepted(claim, task, now));
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
                {
                    throw AlreadyClaimed();
                }
                return true;
            }, ct);
            if (taken)
                return new Claimed(claim, task, member);
            if (attempt == 3)
                throw await AlreadyClaimedOrAsync(claimant, taskId, DomainException.Conflict("task.full", "该任务名额已满。"), ct);
        }
    }

    /// <summary>A refusal, unless the claimant already holds a live claim on the task: then that is the answer.</summary>
    private async Task<DomainException> AlreadyClaimedOrAsync(Claimant claimant, Guid taskId, DomainException refusal, CancellationToken ct) =>
        await db.Claims.AnyAsync(c => c.TaskId == taskId && c.Status != ClaimStatus.Cancelled
            && (claimant.MemberId != null ? c.MemberId == claimant.MemberId : c.PartnerId == claimant.PartnerId), ct)
            ? AlreadyClaimed()
            : refusal;

    private static DomainException AlreadyClaimed() =>
        DomainException.Conflict("claim.duplicate", "您已认领过该任务，不能重复认领。");
}

/// <summary>The claimant gives up a claim before checking in; the slot returns.</summary>
public sealed class CancelClaim(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Claim> ExecuteAsync(Actor actor, Guid claimId, CancellationToken ct)
    {
        var (claim, task, _) = await ClaimAccess.LoadVisibleAsync(db, actor, claimId, ct);
        if (!ClaimAccess.IsClaimant(actor, claim))
            throw ClaimAccess.NotClaimant();
        claim.Cancel(clock.GetUtcNow());
        return await db.InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            await TaskSlots.ReleaseAsync(db, task.Id, ct);
            return claim;
        }, ct);
    }
}

/// <summary>
/// The claimant proves presence: with the live code (shown by staff or by the requester), or with the
/// phone's position when the task has a location (within <see cref="CheckInOptions.CheckInRadiusMeters"/>).
/// </summary>
public sealed class CheckIn(VolunteerDbContext db, TimeProvider clock, CheckInCodes codes, IOptions<CheckInOptions> options) : IUseCase
{
    public async Task<Claim> ExecuteAsync(Actor actor, Guid claimId, string? code, GeoPoint? position, CancellationToken ct)
    {
        var (claim, task, _) = await ClaimAccess.LoadVisibleAsync(db, actor, claimId, ct);
        if (!ClaimAccess.IsClaimant(actor, claim))
            throw ClaimAccess.NotClaimant();
        if (!string.IsNullOrWhiteSpace(code))
        {
            if (!codes.IsValid(task.Id, code.Trim()))
                throw new DomainException(ErrorKind.Unprocessable, "checkIn.badCode", "签到码错误或已过期，请扫描现场最新的签到码。");
            claim.CheckIn(task, clock.GetUtcNow());
        }
        else if (position is { } here)
        {
            claim.CheckInAt(task, here, options.Value.CheckInRadiusMeters, clock.GetUtcNow());
        }
        else
        {
            throw DomainException.Invalid("code", "请输入签到码，或提交当前位置（latitude、longitude）。");
        }
        await db.SaveChangesAsync(ct);
        return claim;
    }
}

/// <summary>Check-in settings (<c>Tasks:</c> section).</summary>
public sealed class CheckInOptions
{
    public const string Section = "Tasks";

    /// <summary>How far from the task's location a check-in by position is accepted, in metres.</summary>
    public int CheckInRadiusMeters { get; set; } = 200;

    public bool IsValid => CheckInRadiusMeters is >= 10 and <= 5000;
}

public sealed class CheckOut(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Claim> ExecuteAsync(Actor actor, Guid claimId, CancellationToken ct)
    {
        var (claim, task, _) = await ClaimAccess.LoadVisibleAsync(db, actor, claimId, ct);
        if (!ClaimAccess.IsClaimant(actor, claim))
            throw ClaimAccess.NotClaimant();
        claim.CheckOut(task, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return claim;
    }
}

/// <summary>The requester (or staff on their behalf) rates the service.</summary>
public sealed class RateService(VolunteerDbContext db, TimeProvider clock, ContentCheck content) : IUseCase
{
    public async Task<Claim> ExecuteAsync(Actor actor, Guid claimId, int stars, string? comment, CancellationToken ct)
    {
        var (claim, task, manages) = await ClaimAccess.LoadVisibleAsync(db, actor, claimId, ct);
        var isRequester = actor.IsResident && task.RequesterId == actor.Id;
        if (!isRequester && !manages)
            throw DomainException.Forbidden("rating.notRequester", "只有服务对象本人或社区工作人员可以评价。");
        var verdict = await content.CheckAsync(actor, ContentScene.Comment, ct, comment);
        claim.Rate(stars, comment, actor.Id, clock.GetUtcNow());
        if (verdict == ContentVerdict.Review)
            claim.HoldRatingForReview();
        await db.SaveChangesAsync(ct);
        return claim;
    }
}
