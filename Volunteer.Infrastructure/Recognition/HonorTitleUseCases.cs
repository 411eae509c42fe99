using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Notifications;
using Volunteer.Domain.Points;
using Volunteer.Domain.Recognition;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Points;
using Volunteer.Domain.Households;
using Volunteer.Domain.Members;

namespace Volunteer.Infrastructure.Recognition;

/// <summary>Who may see and decide on titles and nominations. What a caller may not see does not exist (404).</summary>
public static class HonorAccess
{
    /// <summary>A title of the actor's street (platform admins: any), tracked.</summary>
    public static async Task<HonorTitle> TitleInViewAsync(VolunteerDbContext db, Actor actor, Guid titleId, CancellationToken ct)
    {
        var title = await db.HonorTitles.SingleOrDefaultAsync(t => t.Id == titleId, ct);
        var street = await db.StreetInViewAsync(actor, ct);
        if (title is null || (street is { } s && title.StreetId != s))
            throw DomainException.NotFound("honorTitle.notFound", "表彰称号不存在。");
        return title;
    }

    /// <summary>A nomination the actor may see: staff those of their community, admins those of their street (tracked).</summary>
    public static async Task<HonorNomination> NominationInViewAsync(VolunteerDbContext db, Actor actor, Guid nominationId, CancellationToken ct)
    {
        var nomination = await db.HonorNominations.SingleOrDefaultAsync(n => n.Id == nominationId, ct);
        var sees = nomination is not null && (actor.IsStaffOf(nomination.CommunityId) || actor.IsAdminOf(nomination.StreetId));
        if (!sees)
            throw DomainException.NotFound("nomination.notFound", "表彰提名不存在。");
        return nomination!;
    }
}

/// <summary>街道管理员 defines a title for the street's communities.</summary>
public sealed class DefineHonorTitle(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<HonorTitle> ExecuteAsync(Actor actor, Guid? streetId, string? name, string? description, HonorSubject subject,
        HonorCadence cadence, int bonusPoints, CancellationToken ct)
    {
        var street = await db.AdminTargetStreetAsync(actor, streetId, ct);
        var title = HonorTitle.Define(street, name, description, subject, cadence, bonusPoints, actor.Id, clock.GetUtcNow());
        db.HonorTitles.Add(title);
        await Unique.SaveAsync(db, "honorTitle.duplicate", $"本街道已有名为“{title.Name}”的称号。", ct);
        return title;
    }
}

/// <summary>Retires a title (停用) or puts it back in use (恢复).</summary>
public sealed class SetHonorTitleActive(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<HonorTitle> ExecuteAsync(Actor actor, Guid titleId, bool active, CancellationToken ct)
    {
        var title = await HonorAccess.TitleInViewAsync(db, actor, titleId, ct);
        actor.EnsureAdmin();
        if (active)
            title.Restore();
        else
            title.Retire(clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("honorTitle.concurrent", "该称号刚刚已被他人修改，请刷新后重试。");
        }
        return title;
    }
}

/// <summary>
/// 社区推荐: staff put a member (or household) of their own community forward for a title and period.
/// The unique index of live nominations refuses a second one for the same subject, title and period.
/// </summary>
public sealed class NominateForHonor(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<HonorNomination> ExecuteAsync(Actor actor, Guid titleId, Guid? memberId, Guid? householdId, string? period, string? reason,
        CancellationToken ct)
    {
        var title = await HonorAccess.TitleInViewAsync(db, actor, titleId, ct);
        if (!actor.IsStaff || actor.CommunityId is not { } communityId)
            throw DomainException.Forbidden("nomination.staffOnly", "表彰由社区工作人员推荐，街道管理员审批。");
        var now = clock.GetUtcNow();
        var honorPeriod = HonorPeriod.Parse(title.Cadence, period, now);
        if (memberId is not null == householdId is not null)
            throw DomainException.Invalid(title.Subject == HonorSubject.Household ? "householdId" : "memberId",
                "请指定被推荐的居民（memberId）或家庭（householdId），二者选一。");

        HonorNomination nomination;
        if (memberId is { } mid)
        {
            if (!await db.Members.AnyAsync(m => m.Id == mid && m.CommunityId == communityId, ct))
                throw MemberErrors.NotFound();
            nomination = HonorNomination.ForMember(title, communityId, mid, honorPeriod, reason, actor.Id, now);
        }
        else
        {
            var hid = householdId!.Value;
            if (!await HouseholdSubjects.InCommunityAsync(db, hid, communityId, ct))
                throw HouseholdErrors.NotFound();
            nomination = HonorNomination.ForHousehold(title, communityId, hid, honorPeriod, reason, actor.Id, now);
        }
        db.HonorNominations.Add(nomination);
        var when = honorPeriod.Label.Length > 0 ? honorPeriod.Label : "";
        await Unique.SaveAsync(db, "nomination.duplicate",
            $"该{(title.Subject == HonorSubject.Household ? "家庭" : "居民")}已被推荐或已获评{when}“{title.Name}”，同一期间只能获评一次。", ct);
        return nomination;
    }
}

/// <summary>
/// 街道审批: the street admin approves (the honour is published on the roll and the title's bonus is
/// posted to the ledger as a <c>bonus</c> entry whose source is the nomination) or rejects with a
/// reason. Approval happens once: the nomination's version check stops a concurrent second decision,
/// and the ledger's unique (kind, source) index stops any second bonus.
/// </summary>
public sealed class DecideNomination(VolunteerDbContext db, TimeProvider clock, PointsLedger ledger) : IUseCase
{
    public async Task<HonorNomination> ExecuteAsync(Actor actor, Guid nominationId, bool approve, string? reason, CancellationToken ct)
    {
        var nomination = await HonorAccess.NominationInViewAsync(db, actor, nominationId, ct);
        if (!actor.IsAdminOf(nomination.StreetId))
            throw DomainException.Forbidden("nomination.adminOnly", "表彰提名由街道管理员审批。");
        var now = clock.GetUtcNow();
        try
        {
            return await db.InTransactionAsync(async () =>
            {
                if (!approve)
                {
                    nomination.Reject(reason, actor.Id, now);
                    await db.SaveChangesAsync(ct);
                    return nomination;
                }

                var title = await db.HonorTitles.AsNoTracking().SingleAsync(t => t.Id == nomination.TitleId, ct);
                var recipient = nomination.MemberId ?? await HouseholdSubjects.HeadAsync(db, nomination.HouseholdId!.Value, ct);
                nomination.Approve(title, recipient, actor.Id, now);
                // The member, or everyone living in the household, hears of it once.
                var told = nomination.MemberId is { } member ? [member] : await HouseholdSubjects.MembersAsync(db, nomination.HouseholdId!.Value, ct);
                foreach (var to in told)
                    db.Notify(Notification.HonourAwarded(nomination, title.Name, to, now));
                await db.SaveChangesAsync(ct);
                if (nomination.BonusPoints > 0 && nomination.BonusMemberId is { } bonusTo)
                {
                    var communityName = await db.Communities.Where(c => c.Id == nomination.CommunityId).Select(c => c.Name).SingleAsync(ct);
                    await ledger.PostAsync(LedgerEntry.Create(bonusTo, LedgerEntryKind.Bonus, nomination.BonusPoints, 0, nomination.Id,
                        nomination.BonusReason(title.Name, communityName), actor.Id, nomination.CommunityId, null, now), ct);
                }
                return nomination;
            }, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("nomination.concurrent", "该提名刚刚已被他人审批，请刷新后查看结果。");
        }
    }
}
