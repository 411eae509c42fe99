using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Partners;

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
