using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Recognition;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Households;
using Volunteer.Domain.Members;

namespace Volunteer.Infrastructure.Recognition;

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
