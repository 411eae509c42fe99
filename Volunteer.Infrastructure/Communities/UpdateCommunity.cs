using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Communities;

public sealed class UpdateCommunity(VolunteerDbContext db) : IUseCase
{
    public async Task<Community> ExecuteAsync(Actor actor, Guid communityId, CommunityChange change, CancellationToken ct)
    {
        actor.EnsureAdmin();
        var community = await db.Communities.SingleOrDefaultAsync(c => c.Id == communityId, ct)
            ?? throw CommunityErrors.CommunityNotFound();
        if (!actor.IsAdminOf(community.StreetId))
            throw Scopes.NotYourCommunity();
        community.Update(change.Name.Or(community.Name) ?? "", change.Kind.Or(community.Kind) ?? community.Kind,
            change.Address.Or(community.Address));
        await Unique.SaveAsync(db, "community.duplicate", "本街道已存在同名社区。", ct);
        return community;
    }
}
