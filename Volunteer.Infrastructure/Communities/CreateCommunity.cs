using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Communities;

public sealed record CommunityFields(string Name, CommunityKind Kind, string? Address);

/// <summary>An edit of a community: a field left out stays as it is; the address sent as null is cleared.</summary>
public sealed record CommunityChange(Optional<string?> Name, Optional<CommunityKind?> Kind, Optional<string?> Address);

public sealed class CreateCommunity(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Community> ExecuteAsync(Actor actor, Guid? streetId, CommunityFields fields, CancellationToken ct)
    {
        var target = await db.AdminTargetStreetAsync(actor, streetId, ct);
        var community = Community.Create(target, fields.Name, fields.Kind, fields.Address, clock.GetUtcNow());
        db.Communities.Add(community);
        await Unique.SaveAsync(db, "community.duplicate", "本街道已存在同名社区。", ct);
        return community;
    }
}
