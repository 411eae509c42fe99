using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Tasks;

namespace Volunteer.Infrastructure.Members;

public sealed record HeldName(Guid MemberId, string Name, string PendingName);

public sealed record HeldRating(Guid ClaimId, Guid TaskId, int Stars, string Comment);

public sealed record HeldNeed(Guid NeedId, string Title, string? Description);

/// <summary>What WeChat's content check sent to staff (疑似内容待人工复核), in the communities the caller manages.</summary>
public sealed record HeldContent(IReadOnlyList<HeldName> Names, IReadOnlyList<HeldRating> Ratings, IReadOnlyList<HeldNeed> Needs);

public sealed class ContentReviewQueries(VolunteerDbContext db)
{
    private const int Max = 200;

    public async Task<HeldContent> HeldAsync(Actor actor, CancellationToken ct)
    {
        actor.EnsureStaffOrAdmin();
        var managed = db.ManagedCommunityIds(actor);
        var members = db.Members.AsNoTracking().Where(m => m.PendingName != null);
        var claims = from c in db.Claims.AsNoTracking()
                     join t in db.Tasks.AsNoTracking() on c.TaskId equals t.Id
                     where c.RatingHeldForReview
                     select new { c, t.CommunityId };
        var needs = db.Needs.AsNoTracking().Where(n => n.HeldForContentReview && n.Status == NeedStatus.Pending);
        if (managed is not null)
        {
            members = members.Where(m => m.CommunityId != null && managed.Contains(m.CommunityId.Value));
            claims = claims.Where(x => managed.Contains(x.CommunityId));
            needs = needs.Where(n => managed.Contains(n.CommunityId));
        }
        return new HeldContent(
            await members.OrderBy(m => m.Id).Take(Max).Select(m => new HeldName(m.Id, m.Name, m.PendingName!)).ToListAsync(ct),
            await claims.OrderBy(x => x.c.Id).Take(Max)
                .Select(x => new HeldRating(x.c.Id, x.c.TaskId, x.c.RatingStars ?? 0, x.c.RatingComment ?? "")).ToListAsync(ct),
            await needs.OrderBy(n => n.CreatedAt).Take(Max).Select(n => new HeldNeed(n.Id, n.Title, n.Description)).ToListAsync(ct));
    }
}
