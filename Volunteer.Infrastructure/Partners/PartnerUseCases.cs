using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Partners;

public sealed record PartnerFields(string Name, PartnerKind Kind, string? Contact, string? Address);

/// <summary>An edit of a partner: a field left out stays as it is; contact and address sent as null are cleared.</summary>
public sealed record PartnerChange(Optional<string?> Name, Optional<PartnerKind?> Kind, Optional<string?> Contact, Optional<string?> Address);

/// <summary>Admins register a partner organisation (共建单位 / 商家) of their street.</summary>
public sealed class CreatePartner(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Partner> ExecuteAsync(Actor actor, Guid? streetId, PartnerFields fields, CancellationToken ct)
    {
        var target = await db.AdminTargetStreetAsync(actor, streetId, ct);
        var partner = Partner.Create(target, fields.Name, fields.Kind, fields.Contact, fields.Address, clock.GetUtcNow());
        db.Partners.Add(partner);
        await Unique.SaveAsync(db, "partner.duplicate", "本街道已存在同名单位。", ct);
        return partner;
    }
}

public sealed class UpdatePartner(VolunteerDbContext db) : IUseCase
{
    public async Task<Partner> ExecuteAsync(Actor actor, Guid partnerId, PartnerChange change, CancellationToken ct)
    {
        var partner = await PartnerAccess.LoadManagedAsync(db, actor, partnerId, ct);
        partner.Update(change.Name.Or(partner.Name) ?? "", change.Kind.Or(partner.Kind) ?? partner.Kind,
            change.Contact.Or(partner.Contact), change.Address.Or(partner.Address));
        await Unique.SaveAsync(db, "partner.duplicate", "本街道已存在同名单位。", ct);
        return partner;
    }
}

/// <summary>
/// Admins link a partner to a community it serves (签订共建协议), or change the dates of the
/// agreement; an agreement ended early comes back into force.
/// </summary>
public sealed class SignAgreement(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<(CoBuildingAgreement Agreement, bool Created)> ExecuteAsync(Actor actor, Guid partnerId, Guid communityId,
        DateOnly startsOn, DateOnly endsOn, CancellationToken ct)
    {
        var partner = await PartnerAccess.LoadManagedAsync(db, actor, partnerId, ct);
        var community = await db.CommunityAsync(communityId, ct);
        if (community.StreetId != partner.StreetId)
            throw DomainException.Conflict("agreement.otherStreet", "共建单位只能与本街道的社区签订共建协议。");
        var now = clock.GetUtcNow();
        var agreement = await db.CoBuildingAgreements.SingleOrDefaultAsync(a => a.PartnerId == partnerId && a.CommunityId == communityId, ct);
        var created = agreement is null;
        if (agreement is null)
        {
            agreement = CoBuildingAgreement.Sign(partnerId, communityId, startsOn, endsOn, actor.Id, now);
            db.CoBuildingAgreements.Add(agreement);
        }
        else
        {
            agreement.Renew(startsOn, endsOn, now);
        }
        await Unique.SaveAsync(db, "agreement.duplicate", "该单位与该社区的共建协议刚刚已由他人创建，请刷新后修改。", ct);
        return (agreement, created);
    }
}

/// <summary>Admins end a co-building agreement early: its rewards stop being offered in that community.</summary>
public sealed class TerminateAgreement(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<CoBuildingAgreement> ExecuteAsync(Actor actor, Guid partnerId, Guid communityId, CancellationToken ct)
    {
        await PartnerAccess.LoadManagedAsync(db, actor, partnerId, ct);
        var agreement = await db.CoBuildingAgreements.SingleOrDefaultAsync(a => a.PartnerId == partnerId && a.CommunityId == communityId, ct)
            ?? throw DomainException.NotFound("agreement.notFound", "该单位与该社区没有共建协议。");
        agreement.Terminate(actor.Id, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return agreement;
    }
}

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
