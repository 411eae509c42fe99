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

/// <summary>
/// 认领心愿: a resident, party member or partner organisation adopts a wish. It is the claim of the wish's
/// task, whose single slot is taken with the same conditional update as every claim: of many adopters
/// at once, exactly one wins.
/// </summary>
public sealed class AdoptWish(VolunteerDbContext db, ClaimTask claimTask) : IUseCase
{
    public async Task<Claim> ExecuteAsync(Actor actor, Guid wishId, CancellationToken ct)
    {
        await WishAccess.LoadVisibleAsync(db, actor, wishId, tracked: false, ct);
        try
        {
            return (await claimTask.ExecuteAsync(actor, wishId, ct)).Claim;
        }
        catch (DomainException e) when (e.Code == "task.full")
        {
            throw DomainException.Conflict("wish.taken", "该心愿已被他人认领。");
        }
    }
}

/// <summary>The adopter reports the wish fulfilled (gift handed over, help given).</summary>
public sealed class FulfilWish(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Claim> ExecuteAsync(Actor actor, Guid wishId, CancellationToken ct)
    {
        var (task, _) = await WishAccess.LoadVisibleAsync(db, actor, wishId, tracked: false, ct);
        var claim = await WishAccess.HoldingClaimAsync(db, wishId, ct);
        if (claim is null || !ClaimAccess.IsClaimant(actor, claim))
            throw DomainException.Forbidden("wish.notAdopter", "只有认领该心愿的人（或单位）可以标记完成。");
        claim.FulfilWish(task, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return claim;
    }
}

/// <summary>The wisher, or staff of the community for them, confirm the wish came true; it then shows as fulfilled.</summary>
public sealed class ConfirmWish(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Claim> ExecuteAsync(Actor actor, Guid wishId, CancellationToken ct)
    {
        var (task, manages) = await WishAccess.LoadVisibleAsync(db, actor, wishId, tracked: false, ct);
        var isWisher = actor.IsResident && task.RequesterId == actor.Id;
        if (!isWisher && !manages)
            throw DomainException.Forbidden("wish.notWisher", "只有心愿人本人或本社区工作人员可以确认心愿已实现。");
        var claim = await WishAccess.HoldingClaimAsync(db, wishId, ct)
            ?? throw DomainException.Conflict("claim.notReceivable", "该心愿尚未被认领。");
        claim.ConfirmReceipt(actor.Id, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return claim;
    }
}

/// <summary>Staff take a wish off the public wall (隐私保护), or put it back.</summary>
public sealed class SetWishVisibility(VolunteerDbContext db) : IUseCase
{
    public async Task<ServiceTask> ExecuteAsync(Actor actor, Guid wishId, bool hidden, CancellationToken ct)
    {
        var (task, manages) = await WishAccess.LoadVisibleAsync(db, actor, wishId, tracked: true, ct);
        if (!manages)
            throw Scopes.NotYourCommunity();
        task.SetHiddenFromWall(hidden);
        await db.SaveChangesAsync(ct);
        return task;
    }
}
