using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Audit;
using Volunteer.Domain.Common;
using Volunteer.Domain.Households;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Audit;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Households;

/// <summary>Staff register a household (户) at an address unit of their community, optionally naming its head.</summary>
public sealed class CreateHousehold(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Household> ExecuteAsync(Actor actor, Guid? communityId, string addressUnit, Guid? headMemberId, CancellationToken ct,
        Guid? buildingId = null)
    {
        actor.EnsureStaffOrAdmin();
        var target = communityId ?? (actor.IsStaff ? actor.CommunityId!.Value
            : throw DomainException.Invalid("communityId", "请指定住户所在社区。"));
        var community = await db.ManagedCommunityAsync(actor, target, ct);
        var household = Household.Create(community, addressUnit, actor.Id, clock.GetUtcNow());
        db.Households.Add(household);
        if (buildingId is { } b)
            household.PlaceIn(await BuildingAccess.InCommunityAsync(db, b, community.Id, ct), null);
        if (headMemberId is { } headId)
        {
            var head = await MemberAccess.LoadManagedAsync(db, actor, headId, ct);
            household.AddMember(head);
            household.SetHead(head);
            await AuditTrail.AddAsync(db, clock, actor, AuditAction.MemberChanged, head.Id, $"household {household.Id}: joined as head", ct);
        }
        await Unique.SaveAsync(db, HouseholdAccess.AddressTakenCode, HouseholdAccess.AddressTakenMessage, ct);
        return household;
    }
}
