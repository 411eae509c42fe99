using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Households;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Households;

/// <summary>
/// Staff set the households a 党员中心户 looks after (the whole set: those left out are no longer its). Each must be of
/// the same grid, placed in a building, and not looked after by another 党员中心户 already.
/// </summary>
public sealed class SetCaredHouseholds(VolunteerDbContext db) : IUseCase
{
    public const int MaxHouseholds = 30;

    public async Task<CentralHousehold> ExecuteAsync(Actor actor, Guid centralHouseholdId, IReadOnlyCollection<Guid> householdIds, CancellationToken ct)
    {
        var (central, own) = await CentralHouseholdAccess.LoadManagedAsync(db, actor, centralHouseholdId, ct);
        var ids = householdIds.Distinct().ToList();
        if (ids.Count > MaxHouseholds)
            throw DomainException.Invalid("householdIds", $"一个党员中心户联系的住户不超过 {MaxHouseholds} 户。");
        var centralGrid = await BuildingAccess.GridOfAsync(db, own, ct);
        var targets = await db.Households.Where(h => ids.Contains(h.Id) && h.CommunityId == own.CommunityId).ToListAsync(ct);
        if (targets.Count != ids.Count)
            throw DomainException.Invalid("householdIds", "有住户不存在或不属于本社区。");
        var grids = await db.Buildings.Where(b => targets.Select(t => t.BuildingId).Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.GridId, ct);
        foreach (var target in targets)
        {
            if (target.CentralHouseholdId is { } other && other != central.Id)
                throw DomainException.Conflict("centralHousehold.householdTaken", $"住户 {target.AddressUnit} 已由其他党员中心户联系。");
            target.PutInCareOf(central, centralGrid, target.BuildingId is { } b ? grids[b] : null);
        }
        var dropped = await db.Households.Where(h => h.CentralHouseholdId == central.Id && !ids.Contains(h.Id)).ToListAsync(ct);
        foreach (var household in dropped)
            household.PutInCareOf(null, null, null);
        await db.SaveChangesAsync(ct);
        return central;
    }
}
