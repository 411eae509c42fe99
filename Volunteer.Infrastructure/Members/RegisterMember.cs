using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Audit;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Points;
using Volunteer.Infrastructure.Audit;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.WeChat;

namespace Volunteer.Infrastructure.Members;

/// <summary>Staff register a resident who has no smartphone, so they can post needs for them.</summary>
public sealed class RegisterMember(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Member> ExecuteAsync(Actor actor, Guid? communityId, string name, string? phone, Guid? gridId,
        Circumstances circumstances, CancellationToken ct)
    {
        actor.EnsureStaffOrAdmin();
        var target = actor.IsStaff ? actor.CommunityId!.Value
            : communityId ?? throw DomainException.Invalid("communityId", "请指定居民所属社区。");
        var community = await db.ManagedCommunityAsync(actor, target, ct);
        var grid = await db.GridInAsync(gridId, community.Id, ct);
        var now = clock.GetUtcNow();
        var member = Member.RegisterByStaff(name, phone, community, grid, circumstances, actor.Id, now);
        db.Members.Add(member);
        db.PointsAccounts.Add(PointsAccount.OpenFor(member.Id, now));
        await AuditTrail.AddAsync(db, clock, actor, AuditAction.MemberChanged, member.Id, "registered: name, phone, circumstances", ct,
            community.StreetId);
        await db.SaveChangesAsync(ct);
        return member;
    }
}
