using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Households;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Communities;

namespace Volunteer.Infrastructure.Households;

/// <summary>Staff add a building (楼栋) to a grid of their community.</summary>
public sealed class CreateBuilding(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Building> ExecuteAsync(Actor actor, Guid gridId, string name, CancellationToken ct)
    {
        actor.EnsureStaffOrAdmin();
        var grid = await db.Grids.AsNoTracking().SingleOrDefaultAsync(g => g.Id == gridId, ct)
            ?? throw CommunityErrors.GridNotFound();
        await db.ManagedCommunityAsync(actor, grid.CommunityId, ct);
        var building = Building.Create(grid, name, clock.GetUtcNow());
        db.Buildings.Add(building);
        await Unique.SaveAsync(db, "building.duplicate", "本社区已有同名楼栋。", ct);
        return building;
    }
}
