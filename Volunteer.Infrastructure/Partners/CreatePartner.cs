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
