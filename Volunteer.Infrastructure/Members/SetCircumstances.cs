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
