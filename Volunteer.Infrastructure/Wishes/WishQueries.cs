using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Communities;

namespace Volunteer.Infrastructure.Wishes;

/// <summary>One wish as the wall shows it to one viewer: names already masked where the viewer may not see them.</summary>
public sealed record WishRow(
    ServiceTask Task,
    WishState State,
    string? WisherName,
    Claim? Claim,
    string? AdopterName,
    bool AdopterIsPartner);

/// <summary>Reads of the 微心愿 wall.</summary>
public sealed class WishQueries(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    /// <summary>
    /// 心愿墙: a community's wishes that are open, adopted or fulfilled, newest first. Public within the
    /// street; names are masked (张*明) except the viewer's own, and in full for the community's staff.
    /// Wishes staff hid are left out, except for the staff themselves.
    /// </summary>
    public async Task<(IReadOnlyList<WishRow> Items, int Total)> WallAsync(Actor actor, Guid communityId,
        WishState? state, int page, int pageSize, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!await db.Communities.AnyAsync(c => c.Id == communityId, ct))
            throw CommunityErrors.CommunityNotFound();
        var manages = (actor.IsStaff || actor.IsAdmin) && await db.ManagesAsync(actor, communityId, ct);
        if (!manages && !await WishAccess.InStreetOfAsync(db, actor, communityId, ct))
            throw CommunityErrors.CommunityNotFound();

        var holding = Claim.HoldingSlot;
        var query = db.Tasks.AsNoTracking().Where(t => t.CommunityId == communityId && t.Category == TaskCategory.MicroWish);
        if (!manages)
            query = query.Where(t => !t.HiddenFromWall);
        var held = db.Claims.Where(c => holding.Contains(c.Status));
        var confirmed = held.Where(c => c.ReceiptConfirmedAt != null);
        query = state switch
        {
            WishState.Open => query.Where(t => t.Status == ServiceTaskStatus.Published && t.EndsAt > now && !held.Any(c => c.TaskId == t.Id)),
            WishState.Adopted => query.Where(t => held.Any(c => c.TaskId == t.Id) && !confirmed.Any(c => c.TaskId == t.Id)),
            WishState.Fulfilled => query.Where(t => confirmed.Any(c => c.TaskId == t.Id)),
            _ => query.Where(t => (t.Status == ServiceTaskStatus.Published && t.EndsAt > now) || held.Any(c => c.TaskId == t.Id)),
        };

        var total = await query.CountAsync(ct);
        var tasks = await query.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return (await RowsAsync(actor, manages, tasks, now, ct), total);
    }

    /// <summary>One wish for a viewer who may see it (see <see cref="WishAccess"/>); its state may be null when it left the wall.</summary>
    public async Task<(WishRow? Row, ServiceTask Task)> OneAsync(Actor actor, Guid wishId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (task, manages) = await WishAccess.LoadVisibleAsync(db, actor, wishId, tracked: false, ct);
        if (task.HiddenFromWall && !manages && !(actor.IsResident && task.RequesterId == actor.Id))
        {
            // Hidden for privacy: only the wisher, the adopter and staff still see it.
            var claim = await db.Claims.AsNoTracking()
                .Where(c => c.TaskId == task.Id && Claim.HoldingSlot.Contains(c.Status)).FirstOrDefaultAsync(ct);
            if (claim is null || !Tasks.ClaimAccess.IsClaimant(actor, claim))
                throw WishAccess.NotFound();
        }
        var rows = await RowsAsync(actor, manages, [task], now, ct);
        return (rows.FirstOrDefault(), task);
    }

    /// <summary>One wish still on the wall, for a viewer who may see it; one that left the wall is 404 <c>wish.closed</c>.</summary>
    public async Task<WishRow> OnWallAsync(Actor actor, Guid wishId, CancellationToken ct) =>
        (await OneAsync(actor, wishId, ct)).Row ?? throw DomainException.NotFound("wish.closed", "该心愿已结束或已取消，不在心愿墙上。");

    private async Task<IReadOnlyList<WishRow>> RowsAsync(Actor actor, bool manages, IReadOnlyList<ServiceTask> tasks,
        DateTimeOffset now, CancellationToken ct)
    {
        if (tasks.Count == 0)
            return [];
        var ids = tasks.Select(t => t.Id).ToList();
        var holding = Claim.HoldingSlot;
        var claims = (await db.Claims.AsNoTracking().Where(c => ids.Contains(c.TaskId) && holding.Contains(c.Status)).ToListAsync(ct))
            .GroupBy(c => c.TaskId).ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.ClaimedAt).First());
        var memberIds = tasks.Where(t => t.RequesterId != null).Select(t => t.RequesterId!.Value)
            .Concat(claims.Values.Where(c => c.MemberId != null).Select(c => c.MemberId!.Value)).Distinct().ToList();
        var partnerIds = claims.Values.Where(c => c.PartnerId != null).Select(c => c.PartnerId!.Value).Distinct().ToList();
        var members = await db.Members.AsNoTracking().Where(m => memberIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        var partners = await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);

        string? PersonName(Guid? memberId)
        {
            if (memberId is not { } id || !members.TryGetValue(id, out var name))
                return null;
            return manages || (actor.IsResident && actor.Id == id) ? name : Masking.Name(name);
        }

        var rows = new List<WishRow>();
        foreach (var task in tasks)
        {
            var claim = claims.GetValueOrDefault(task.Id);
            if (WishRules.StateOf(task, claim, now) is not { } state)
                continue;
            var adopter = claim is null ? null
                : claim.PartnerId is { } partnerId ? partners.GetValueOrDefault(partnerId) // organisations are public, never masked
                : PersonName(claim.MemberId);
            rows.Add(new WishRow(task, state, PersonName(task.RequesterId), claim, adopter, claim?.PartnerId is not null));
        }
        return rows;
    }
}
