using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Rankings;
using Volunteer.Infrastructure.Tasks;

namespace Volunteer.Infrastructure.Wishes;

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
