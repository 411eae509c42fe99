using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Partners;

/// <summary>Admins grant or revoke 党员示范店 / 支部推荐放心店; who and when are kept.</summary>
public sealed class ManageBadges(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Partner> GrantAsync(Actor actor, Guid partnerId, BadgeKind badge, CancellationToken ct)
    {
        var partner = await PartnerAccess.LoadManagedAsync(db, actor, partnerId, ct);
        partner.GrantBadge(badge, actor.Id, clock.GetUtcNow());
        await SaveAsync(ct);
        return partner;
    }

    public async Task<Partner> RevokeAsync(Actor actor, Guid partnerId, BadgeKind badge, CancellationToken ct)
    {
        var partner = await PartnerAccess.LoadManagedAsync(db, actor, partnerId, ct);
        partner.RevokeBadge(badge, actor.Id, clock.GetUtcNow());
        await SaveAsync(ct);
        return partner;
    }

    // Two admins changing the same partner's badges at once: the partner's version lets one through.
    private async Task SaveAsync(CancellationToken ct)
    {
        foreach (var entry in db.ChangeTracker.Entries<Partner>())
            entry.Property(p => p.Version).IsModified = true;
        try
        {
            await Unique.SaveAsync(db, "partner.badgeAlreadyGranted", "该称号刚刚已被授予。", ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw DomainException.Conflict("partner.concurrent", "该单位的称号刚刚已被他人修改，请刷新后重试。");
        }
    }
}
