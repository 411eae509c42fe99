using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Notifications;
using Volunteer.Domain.Points;
using Volunteer.Domain.Recognition;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Points;
using Volunteer.Domain.Members;

namespace Volunteer.Infrastructure.Recognition;

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
