using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Households;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Households;

public static class BuildingAccess
{
    /// <summary>A building of a community the actor manages (tracked); otherwise 404.</summary>
    public static async Task<Building> LoadManagedAsync(VolunteerDbContext db, Actor actor, Guid buildingId, CancellationToken ct)
    {
        var building = await db.Buildings.SingleOrDefaultAsync(b => b.Id == buildingId, ct);
        if (building is null || !(actor.IsStaff || actor.IsAdmin) || !await db.ManagesAsync(actor, building.CommunityId, ct))
            throw DomainException.NotFound("building.notFound", "楼栋不存在，或不属于您管理的社区。");
        return building;
    }

    /// <summary>A building of <paramref name="communityId"/> named in a request body: 400 when it is not one.</summary>
    public static async Task<Building> InCommunityAsync(VolunteerDbContext db, Guid buildingId, Guid communityId, CancellationToken ct) =>
        await db.Buildings.AsNoTracking().SingleOrDefaultAsync(b => b.Id == buildingId && b.CommunityId == communityId, ct)
        ?? throw DomainException.Invalid("buildingId", "楼栋不存在或不属于该户所在社区。");

    /// <summary>The grid of a household, through its building; null when it is not placed in a building.</summary>
    public static Task<Guid?> GridOfAsync(VolunteerDbContext db, Household household, CancellationToken ct) =>
        household.BuildingId is { } id
            ? db.Buildings.Where(b => b.Id == id).Select(b => (Guid?)b.GridId).SingleOrDefaultAsync(ct)
            : Task.FromResult<Guid?>(null);
}
