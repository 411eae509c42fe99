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
