using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Partners;

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
