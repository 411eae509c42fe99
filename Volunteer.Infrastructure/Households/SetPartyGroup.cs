using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Households;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Households;

/// <summary>Staff form or change a building's party group (楼栋党小组) and its leader, a confirmed party member.</summary>
public sealed class SetPartyGroup(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<PartyGroup> ExecuteAsync(Actor actor, Guid buildingId, string name, Guid leaderMemberId, CancellationToken ct)
    {
        var building = await BuildingAccess.LoadManagedAsync(db, actor, buildingId, ct);
        var leader = await MemberAccess.LoadManagedAsync(db, actor, leaderMemberId, ct);
        var group = await db.PartyGroups.SingleOrDefaultAsync(g => g.BuildingId == building.Id, ct);
        if (group is null)
        {
            group = PartyGroup.Form(building, name, leader, clock.GetUtcNow());
            db.PartyGroups.Add(group);
        }
        else
            group.Change(building, name, leader);
        await Unique.SaveAsync(db, "partyGroup.duplicate", "该楼栋的党小组刚刚已由他人建立，请刷新后修改。", ct);
        return group;
    }
}
