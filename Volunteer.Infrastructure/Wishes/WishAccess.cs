using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Rankings;
using Volunteer.Infrastructure.Tasks;

namespace Volunteer.Infrastructure.Wishes;

/// <summary>
/// 微心愿 access: a wish is public within its street (like the wall), so residents, partner staff and
/// staff of the street may see it; elsewhere it does not exist (404).
/// </summary>
public static class WishAccess
{
    public static async Task<(ServiceTask Task, bool Manages)> LoadVisibleAsync(VolunteerDbContext db, Actor actor, Guid wishId, bool tracked,
        CancellationToken ct)
    {
        var query = tracked ? db.Tasks : db.Tasks.AsNoTracking();
        var task = await query.SingleOrDefaultAsync(t => t.Id == wishId && t.Category == TaskCategory.MicroWish, ct) ?? throw NotFound();
        var manages = (actor.IsStaff || actor.IsAdmin) && await db.ManagesAsync(actor, task.CommunityId, ct);
        if (!manages && !await InStreetOfAsync(db, actor, task.CommunityId, ct))
            throw NotFound();
        return (task, manages);
    }

    /// <summary>Whether the community belongs to the caller's street (a platform admin's street is every street).</summary>
    public static async Task<bool> InStreetOfAsync(VolunteerDbContext db, Actor actor, Guid communityId, CancellationToken ct)
    {
        if (actor.IsPlatformAdmin)
            return true;
        var street = await RankingAccess.StreetOfAsync(db, actor, ct);
        return street is not null && await db.Communities.AnyAsync(c => c.Id == communityId && c.StreetId == street, ct);
    }

    /// <summary>The claim that holds the wish's one slot, tracked; null while it is open.</summary>
    public static Task<Claim?> HoldingClaimAsync(VolunteerDbContext db, Guid wishId, CancellationToken ct) =>
        db.Claims.Where(c => c.TaskId == wishId && Claim.HoldingSlot.Contains(c.Status))
            .OrderByDescending(c => c.ClaimedAt).FirstOrDefaultAsync(ct);

    public static DomainException NotFound() => DomainException.NotFound("wish.notFound", "心愿不存在。");
}
