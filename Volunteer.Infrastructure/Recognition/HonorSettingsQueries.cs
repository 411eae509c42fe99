using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Recognition;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Recognition;

/// <summary>A community's honour settings (表彰设置); <see cref="IsDefault"/> while nobody has set them.</summary>
public sealed record HonorSettingsView(Community Community, HonorSettings Settings, bool IsDefault);

/// <summary>Reads of the honour settings, shared by the API and the console. Registered like the use cases.</summary>
public sealed class HonorSettingsQueries(VolunteerDbContext db) : IUseCase
{
    /// <summary>The settings of a community the actor manages (its staff, the street's admins); another community's is 403.</summary>
    public async Task<HonorSettingsView> ForCommunityAsync(Actor actor, Guid communityId, CancellationToken ct)
    {
        actor.EnsureStaffOrAdmin();
        var community = await db.ManagedCommunityAsync(actor, communityId, ct);
        var settings = await db.HonorSettings.AsNoTracking().SingleOrDefaultAsync(s => s.CommunityId == community.Id, ct);
        return new HonorSettingsView(community, settings ?? HonorSettings.Default(community.Id), settings is null);
    }
}
