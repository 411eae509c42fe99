using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Tasks;

namespace Volunteer.Infrastructure.Members;

/// <summary>Staff found a held name acceptable: others see it from now on.</summary>
public sealed class ReleaseHeldName(VolunteerDbContext db) : IUseCase
{
    public async Task<Member> ExecuteAsync(Actor actor, Guid memberId, CancellationToken ct)
    {
        var member = await MemberAccess.LoadManagedAsync(db, actor, memberId, ct);
        member.ReleasePendingName();
        await db.SaveChangesAsync(ct);
        return member;
    }
}
