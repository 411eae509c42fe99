using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Recognition;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Recognition;

/// <summary>Retires a title (停用) or puts it back in use (恢复).</summary>
public sealed class SetHonorTitleActive(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<HonorTitle> ExecuteAsync(Actor actor, Guid titleId, bool active, CancellationToken ct)
    {
        var title = await HonorAccess.TitleInViewAsync(db, actor, titleId, ct);
        actor.EnsureAdmin();
        if (active)
            title.Restore();
        else
            title.Retire(clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("honorTitle.concurrent", "该称号刚刚已被他人修改，请刷新后重试。");
        }
        return title;
    }
}
