using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Rankings;
using Volunteer.Infrastructure.Tasks;

namespace Volunteer.Infrastructure.Wishes;

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
