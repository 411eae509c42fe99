using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Communities;

public sealed class CreateGrid(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Grid> ExecuteAsync(Actor actor, Guid communityId, string name, string? workerName, CancellationToken ct)
    {
        var community = await db.ManagedCommunityAsync(actor, communityId, ct);
        var grid = Grid.Create(community.Id, name, workerName, clock.GetUtcNow());
        db.Grids.Add(grid);
        await Unique.SaveAsync(db, "grid.duplicate", "本社区已存在同名网格。", ct);
        return grid;
    }
}
