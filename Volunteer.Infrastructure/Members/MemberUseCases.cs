using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Audit;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Points;
using Volunteer.Infrastructure.Audit;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Members;

public sealed record PartyDeclaration(string Branch, string? WorkUnit, bool InService);

public sealed record ProfileChange(string Name, string? Phone, Guid? CommunityId, Guid? GridId, PartyDeclaration? Party);

public static class MemberAccess
{
    /// <summary>A member whose home community the actor manages (tracked); otherwise 404.</summary>
    public static async Task<Member> LoadManagedAsync(VolunteerDbContext db, Actor actor, Guid memberId, CancellationToken ct)
    {
        var member = await db.Members.SingleOrDefaultAsync(m => m.Id == memberId, ct);
        if (member?.CommunityId is not { } communityId || !(actor.IsStaff || actor.IsAdmin)
            || !await db.ManagesAsync(actor, communityId, ct))
            throw NotFound();
        return member;
    }

    public static DomainException NotFound() => DomainException.NotFound("member.notFound", "居民不存在，或不属于您管理的社区。");
}

/// <summary>
/// A resident replaces their profile. Re-declaring the same party membership keeps its
/// confirmation; any change of it, or of home community, sends it back to staff.
/// </summary>
public sealed class UpdateMyProfile(VolunteerDbContext db) : IUseCase
{
    public async Task<Member> ExecuteAsync(Actor actor, ProfileChange change, CancellationToken ct)
    {
        actor.EnsureResident();
        var member = await db.Members.SingleAsync(m => m.Id == actor.Id, ct);
        Community? community = null;
        if (change.CommunityId is { } communityId)
            community = await db.Communities.AsNoTracking().SingleOrDefaultAsync(c => c.Id == communityId, ct)
                ?? throw DomainException.Invalid("communityId", "所选社区不存在。");
        var grid = community is null ? null : await db.GridInAsync(change.GridId, community.Id, ct);
        if (community is null && change.GridId is not null)
            throw DomainException.Invalid("gridId", "选择网格前请先选择所属社区。");

        member.UpdateProfile(change.Name, change.Phone);
        member.MoveTo(community, grid);
        if (change.Party is { } party)
            member.DeclarePartyMembership(party.Branch, party.WorkUnit, party.InService);
        else
            member.WithdrawPartyMembership();
        await db.SaveChangesAsync(ct);
        return member;
    }
}

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

/// <summary>Staff of the member's home community confirm or reject a declared party membership.</summary>
public sealed class ReviewPartyMembership(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Member> ExecuteAsync(Actor actor, Guid memberId, bool confirm, string? reason, CancellationToken ct)
    {
        var member = await MemberAccess.LoadManagedAsync(db, actor, memberId, ct);
        if (confirm)
            member.ConfirmPartyMembership(actor.Id, clock.GetUtcNow());
        else
            member.RejectPartyMembership(actor.Id, reason ?? "", clock.GetUtcNow());
        await AuditTrail.AddAsync(db, clock, actor, AuditAction.MemberChanged, member.Id, confirm ? "party: confirmed" : "party: rejected", ct);
        await db.SaveChangesAsync(ct);
        return member;
    }
}

/// <summary>Staff record a resident's circumstances (low income, disability, living alone, elderly).</summary>
public sealed class SetCircumstances(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Member> ExecuteAsync(Actor actor, Guid memberId, Circumstances circumstances, CancellationToken ct)
    {
        var member = await MemberAccess.LoadManagedAsync(db, actor, memberId, ct);
        member.SetCircumstances(circumstances);
        await AuditTrail.AddAsync(db, clock, actor, AuditAction.MemberChanged, member.Id, "circumstances", ct);
        await db.SaveChangesAsync(ct);
        return member;
    }
}

/// <summary>Staff open a resident's record (phone, circumstances): the read is audited.</summary>
public sealed class ViewMember(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Member> ExecuteAsync(Actor actor, Guid memberId, CancellationToken ct)
    {
        var member = await MemberAccess.LoadManagedAsync(db, actor, memberId, ct);
        await AuditTrail.ReadAsync(db, clock, actor, AuditAction.MemberViewed, member.Id, "phone, circumstances", ct);
        return member;
    }
}
