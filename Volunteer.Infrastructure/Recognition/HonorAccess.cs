using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Recognition;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Members;

namespace Volunteer.Infrastructure.Recognition;

/// <summary>Who may see and decide on titles and nominations. What a caller may not see does not exist (404).</summary>
public static class HonorAccess
{
    /// <summary>A title of the actor's street (platform admins: any), tracked.</summary>
    public static async Task<HonorTitle> TitleInViewAsync(VolunteerDbContext db, Actor actor, Guid titleId, CancellationToken ct)
    {
        var title = await db.HonorTitles.SingleOrDefaultAsync(t => t.Id == titleId, ct);
        var street = await db.StreetInViewAsync(actor, ct);
        if (title is null || (street is { } s && title.StreetId != s))
            throw DomainException.NotFound("honorTitle.notFound", "表彰称号不存在。");
        return title;
    }

    /// <summary>A nomination the actor may see: staff those of their community, admins those of their street (tracked).</summary>
    public static async Task<HonorNomination> NominationInViewAsync(VolunteerDbContext db, Actor actor, Guid nominationId, CancellationToken ct)
    {
        var nomination = await db.HonorNominations.SingleOrDefaultAsync(n => n.Id == nominationId, ct);
        var sees = nomination is not null && (actor.IsStaffOf(nomination.CommunityId) || actor.IsAdminOf(nomination.StreetId));
        if (!sees)
            throw DomainException.NotFound("nomination.notFound", "表彰提名不存在。");
        return nomination!;
    }
}
