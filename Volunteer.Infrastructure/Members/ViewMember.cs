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
