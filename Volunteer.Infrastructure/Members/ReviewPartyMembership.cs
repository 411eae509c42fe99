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
