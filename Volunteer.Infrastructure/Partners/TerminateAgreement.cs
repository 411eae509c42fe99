using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Partners;

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
