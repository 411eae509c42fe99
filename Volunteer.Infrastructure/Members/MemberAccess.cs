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
        if (member?.CommunityId is not { } communityId || !(actor.IsStaff || actor.IsAdmin || actor.IsGridWorker)
            || !await db.ManagesAsync(actor, communityId, member.GridId, ct))
            throw NotFound();
        return member;
    }

    public static DomainException NotFound() => MemberErrors.NotFound();
}
