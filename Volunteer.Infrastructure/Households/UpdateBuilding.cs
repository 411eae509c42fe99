using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Households;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Households;

/// <summary>Staff rename a building or move it to another grid of the community; what is not given stays.</summary>
public sealed class UpdateBuilding(VolunteerDbContext db) : IUseCase
{
    public async Task<Building> ExecuteAsync(Actor actor, Guid buildingId, string? name, Guid? gridId, CancellationToken ct)
    {
        var building = await BuildingAccess.LoadManagedAsync(db, actor, buildingId, ct);
        if (name is not null)
            building.Rename(name);
        if (gridId is { } id && id != building.GridId)
        {
            var grid = await db.Grids.AsNoTracking().SingleOrDefaultAsync(g => g.Id == id, ct)
                ?? throw DomainException.Invalid("gridId", "网格不存在。");
            // 党员中心户 look after households of their own grid: a building with such ties moves only once they are undone.
            var tied = await db.Households.AnyAsync(h => h.BuildingId == building.Id
                && (h.CentralHouseholdId != null || db.CentralHouseholds.Any(c => c.HouseholdId == h.Id)), ct);
            if (tied)
                throw DomainException.Conflict("building.hasCentralHouseholds", "该楼栋有党员中心户或其联系的住户，请先调整后再更换网格。");
            building.MoveTo(grid);
        }
        await Unique.SaveAsync(db, "building.duplicate", "本社区已有同名楼栋。", ct);
        return building;
    }
}
