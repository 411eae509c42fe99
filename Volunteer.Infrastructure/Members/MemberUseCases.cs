using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Audit;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Points;
using Volunteer.Infrastructure.Audit;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Households;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.WeChat;

namespace Volunteer.Infrastructure.Members;

public sealed record PartyDeclaration(string Branch, string? WorkUnit, bool InService);

/// <summary>What a resident changes in their profile; a field left out (<see cref="Optional{T}.IsSet"/> false) stays as it is.</summary>
public sealed record ProfileChange(Optional<string?> Name, Optional<string?> Phone, Optional<Guid?> CommunityId, Optional<Guid?> GridId,
    Optional<PartyDeclaration?> Party);

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
/// A resident changes their profile: only what they sent. Re-declaring the same party membership keeps
/// its confirmation; a changed declaration goes back to staff; a confirmed membership changes only
/// through a new declaration, never as a side effect of another change (a move, a cleared field).
/// </summary>
public sealed class UpdateMyProfile(VolunteerDbContext db, ContentCheck content) : IUseCase
{
    public async Task<Member> ExecuteAsync(Actor actor, ProfileChange change, CancellationToken ct)
    {
        actor.EnsureResident();
        var member = await db.Members.SingleAsync(m => m.Id == actor.Id, ct);

        if (change.Name.IsSet || change.Phone.IsSet)
        {
            var phone = change.Phone.Or(member.Phone);
            var newName = (change.Name.Or(member.Name) ?? "").Trim();
            var verdict = !change.Name.IsSet || newName == member.Name || newName == member.PendingName
                ? ContentVerdict.Pass
                : await content.CheckAsync(actor, ContentScene.Profile, ct, newName);
            if (verdict == ContentVerdict.Review || (change.Name.IsSet && newName == member.PendingName && newName != member.Name))
            {
                member.UpdateProfile(member.Name, phone);
                member.HoldNameForReview(newName);
            }
            else
            {
                var pending = member.PendingName;
                member.UpdateProfile(newName, phone);
                // A phone-only edit leaves a name waiting for review where it was.
                if (!change.Name.IsSet && pending is not null)
                    member.HoldNameForReview(pending);
            }
        }

        if (change.CommunityId.IsSet || change.GridId.IsSet)
        {
            var communityId = change.CommunityId.Or(member.CommunityId);
            Community? community = null;
            if (communityId is { } id)
                community = await db.Communities.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct)
                    ?? throw DomainException.Invalid("communityId", "所选社区不存在。");
            // A grid belongs to one community: moving without naming a new grid leaves none.
            var gridId = change.GridId.IsSet ? change.GridId.Value
                : community?.Id == member.CommunityId ? member.GridId : null;
            if (community is null && gridId is not null)
                throw DomainException.Invalid("gridId", "选择网格前请先选择所属社区。");
            var grid = community is null ? null : await db.GridInAsync(gridId, community.Id, ct);
            if (community?.Id != member.CommunityId)
                await db.LeaveHouseholdAsync(member, ct);
            member.MoveTo(community, grid);
        }

        if (change.Party.IsSet)
        {
            if (change.Party.Value is { } party)
                member.DeclarePartyMembership(party.Branch, party.WorkUnit, party.InService);
            else
                member.WithdrawPendingPartyMembership();
        }
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
        {
            member.ConfirmPartyMembership(actor.Id, clock.GetUtcNow());
            db.Notify(Notification.PartyMembershipConfirmed(member, clock.GetUtcNow()));
        }
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
