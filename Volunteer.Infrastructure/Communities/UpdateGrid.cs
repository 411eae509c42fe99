using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Communities;

public sealed class UpdateGrid(VolunteerDbContext db) : IUseCase
{
    /// <param name="name">Left out: unchanged.</param>
    /// <param name="workerName">Left out: unchanged; sent as null: cleared.</param>
    public async Task<Grid> ExecuteAsync(Actor actor, Guid gridId, Optional<string?> name, Optional<string?> workerName, CancellationToken ct)
    {
        var grid = await db.Grids.SingleOrDefaultAsync(g => g.Id == gridId, ct)
            ?? throw CommunityErrors.GridNotFound();
        await db.ManagedCommunityAsync(actor, grid.CommunityId, ct);
        grid.Update(name.Or(grid.Name) ?? "", workerName.Or(grid.WorkerName));
        await Unique.SaveAsync(db, "grid.duplicate", "本社区已存在同名网格。", ct);
        return grid;
    }
}
