using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Households;

public sealed record CentralHouseholdNode(Guid Id, Guid HouseholdId, string AddressUnit, Guid PartyMemberId, string PartyMemberName,
    IReadOnlyList<Guid> CaredHouseholdIds);

public sealed record PartyGroupNode(Guid Id, string Name, Guid LeaderMemberId, string LeaderName, bool LeaderIsConfirmedPartyMember);

public sealed record BuildingNode(Guid Id, string Name, int Households, int Members, PartyGroupNode? PartyGroup,
    IReadOnlyList<CentralHouseholdNode> CentralHouseholds);

public sealed record GridNode(Guid Id, string Name, string? WorkerName, int Members, int PartyMembers, int Households,
    IReadOnlyList<BuildingNode> Buildings);

/// <summary>
/// 五级网格 of one community: street party working committee (街道党工委) → community party committee (社区党委) →
/// grid party branches (网格党支部) → building party groups (楼栋党小组) → party-member central households (党员中心户).
/// </summary>
public sealed record GridTree(Guid StreetId, string StreetName, Guid CommunityId, string CommunityName, int Members, int PartyMembers,
    int Households, int UnplacedHouseholds, int PartyGroups, int CentralHouseholds, IReadOnlyList<GridNode> Grids);

public sealed class GridTreeQueries(VolunteerDbContext db, HouseholdQueries households) : IUseCase
{
    /// <summary>The whole tree with counts, for staff of the community and admins of its street (403 otherwise).</summary>
    public async Task<GridTree> TreeAsync(Actor actor, Guid communityId, CancellationToken ct)
    {
        actor.EnsureStaffOrAdmin();
        var community = await db.ManagedCommunityAsync(actor, communityId, ct);
        var street = await db.Streets.AsNoTracking().SingleAsync(s => s.Id == community.StreetId, ct);
        var grids = await db.Grids.AsNoTracking().Where(g => g.CommunityId == communityId).OrderBy(g => g.Name).ToListAsync(ct);
        var buildings = await db.Buildings.AsNoTracking().Where(b => b.CommunityId == communityId).OrderBy(b => b.Name).ToListAsync(ct);
        var householdRows = await db.Households.AsNoTracking().Where(h => h.CommunityId == communityId)
            .Select(h => new { h.Id, h.AddressUnit, h.BuildingId, h.CentralHouseholdId }).ToListAsync(ct);
        var members = await db.Members.AsNoTracking().Where(m => m.CommunityId == communityId)
            .Select(m => new { m.Id, m.Name, m.GridId, m.HouseholdId, Party = m.PartyStatus == PartyStatus.Confirmed }).ToListAsync(ct);
        var groups = await db.PartyGroups.AsNoTracking()
            .Where(g => db.Buildings.Any(b => b.Id == g.BuildingId && b.CommunityId == communityId)).ToListAsync(ct);
        var centrals = await db.CentralHouseholds.AsNoTracking()
            .Where(c => db.Households.Any(h => h.Id == c.HouseholdId && h.CommunityId == communityId)).ToListAsync(ct);

        var names = members.ToDictionary(m => m.Id, m => (Name: m.Name, Party: m.Party));
        var memberCountByHousehold = members.Where(m => m.HouseholdId != null).GroupBy(m => m.HouseholdId!.Value).ToDictionary(g => g.Key, g => g.Count());
        var householdById = householdRows.ToDictionary(h => h.Id);

        BuildingNode Node(Domain.Households.Building b)
        {
            var inBuilding = householdRows.Where(h => h.BuildingId == b.Id).ToList();
            var group = groups.SingleOrDefault(g => g.BuildingId == b.Id);
            var leader = group is null ? (Name: "", Party: false) : names.GetValueOrDefault(group.LeaderMemberId, (Name: "", Party: false));
            return new BuildingNode(b.Id, b.Name, inBuilding.Count, inBuilding.Sum(h => memberCountByHousehold.GetValueOrDefault(h.Id)),
                group is null ? null : new PartyGroupNode(group.Id, group.Name, group.LeaderMemberId, leader.Name, leader.Party),
                centrals.Where(c => inBuilding.Any(h => h.Id == c.HouseholdId)).OrderBy(c => householdById[c.HouseholdId].AddressUnit)
                    .Select(c => new CentralHouseholdNode(c.Id, c.HouseholdId, householdById[c.HouseholdId].AddressUnit, c.PartyMemberId,
                        names.GetValueOrDefault(c.PartyMemberId, (Name: "", Party: false)).Name,
                        householdRows.Where(h => h.CentralHouseholdId == c.Id).OrderBy(h => h.AddressUnit).Select(h => h.Id).ToList()))
                    .ToList());
        }

        var gridNodes = grids.Select(g =>
        {
            var nodes = buildings.Where(b => b.GridId == g.Id).Select(Node).ToList();
            var inGrid = members.Where(m => m.GridId == g.Id).ToList();
            return new GridNode(g.Id, g.Name, g.WorkerName, inGrid.Count, inGrid.Count(m => m.Party), nodes.Sum(n => n.Households), nodes);
        }).ToList();

        // The tree shows where 党员中心户 live: recorded like any list of households.
        await households.AuditShownAsync(actor, centrals.Select(c => c.HouseholdId).ToList(), "grid tree", ct);
        return new GridTree(street.Id, street.Name, community.Id, community.Name, members.Count, members.Count(m => m.Party),
            householdRows.Count, householdRows.Count(h => h.BuildingId == null), groups.Count, centrals.Count, gridNodes);
    }
}
