using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Photos;
using Volunteer.Infrastructure.Tasks;

namespace Volunteer.Api.Claims;

internal static class ClaimViews
{
    public static async Task<Paged<ClaimResponse>> PageAsync(VolunteerDbContext db, Actor viewer, IQueryable<Claim> ordered,
        PageRequest paging, CancellationToken ct)
    {
        var page = await paging.ApplyAsync(ordered, items => items, ct);
        return new Paged<ClaimResponse>(await ManyAsync(db, viewer, page.Items, ct), page.Total, page.Page, page.PageSize);
    }

    public static async Task<ClaimResponse> OneAsync(VolunteerDbContext db, Actor viewer, Claim claim, CancellationToken ct) =>
        (await ManyAsync(db, viewer, [claim], ct))[0];

    /// <summary>Claims as <paramref name="viewer"/> may see them: phone numbers in full only to the claimant and managing staff.</summary>
    public static async Task<IReadOnlyList<ClaimResponse>> ManyAsync(VolunteerDbContext db, Actor viewer, IReadOnlyList<Claim> claims, CancellationToken ct)
    {
        if (claims.Count == 0)
            return [];
        var taskIds = claims.Select(c => c.TaskId).Distinct().ToList();
        var memberIds = claims.Where(c => c.MemberId != null).Select(c => c.MemberId!.Value).Distinct().ToList();
        var partnerIds = claims.Where(c => c.PartnerId != null).Select(c => c.PartnerId!.Value).Distinct().ToList();
        var tasks = await db.Tasks.AsNoTracking().Where(t => taskIds.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, t => new { t.Title, t.CommunityId, t.GridId }, ct);
        var members = await db.Members.AsNoTracking().Where(m => memberIds.Contains(m.Id))
            .ToDictionaryAsync(m => m.Id, m => new { m.Name, m.Phone }, ct);
        var partners = await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var photos = await PhotoQueries.OfClaimsAsync(db, claims.Select(c => c.Id).ToList(), ct);
        var managed = new HashSet<Guid>();
        foreach (var communityId in tasks.Values.Select(t => t.CommunityId).Distinct())
            if (await db.ManagesAsync(viewer, communityId, ct))
                managed.Add(communityId);

        return claims.Select(c =>
        {
            var task = tasks[c.TaskId];
            var member = c.MemberId is { } m ? members[m] : null;
            var manages = managed.Contains(task.CommunityId) || viewer.IsGridWorkerOf(task.CommunityId, task.GridId);
            var fullPhone = manages || ClaimAccess.IsClaimant(viewer, c);
            return Build(c, task.Title, member?.Name ?? partners.GetValueOrDefault(c.PartnerId!.Value, ""),
                fullPhone ? member?.Phone : Masking.Phone(member?.Phone), CommentFor(viewer, c, manages),
                photos[c.Id].Select(p => new PhotoResponse(p.Id, PhotoResponse.UrlOf(p.Id), p.ContentType, p.Width, p.Height,
                    p.UploadedByStaff, p.CreatedAt)).ToList());
        }).ToList();
    }

    /// <summary>A comment held for content review is seen by staff and its writer only until staff release it.</summary>
    private static string? CommentFor(Actor viewer, Claim claim, bool manages) =>
        claim.RatingHeldForReview && !manages && viewer.Id != claim.RatedById ? null : claim.RatingComment;

    /// <summary>
    /// A new claim as its claimant sees it, from what the claim was made with. A member's claim needs
    /// nothing read again (the claimant sees their own phone in full); an organisation's needs its name.
    /// </summary>
    public static async Task<ClaimResponse> ForClaimantAsync(VolunteerDbContext db, Actor viewer, ClaimTask.Claimed made, CancellationToken ct) =>
        made.Member is { } member
            ? Build(made.Claim, made.Task.Title, member.Name, member.Phone, made.Claim.RatingComment, [])
            : await OneAsync(db, viewer, made.Claim, ct);

    private static ClaimResponse Build(Claim c, string title, string name, string? phone, string? comment,
        IReadOnlyList<PhotoResponse> photos) => new(
        c.Id, c.TaskId, title, c.MemberId, c.PartnerId, name, phone,
        c.Status, c.StatusReason, c.ClaimedAt, c.CheckedInAt, c.CheckedOutAt, c.ReviewedAt,
        Hours.FromMinutes(c.ServiceMinutes), c.PointsAwarded,
        c.RatingStars is { } stars ? new RatingResponse(stars, comment, c.RatedAt!.Value) : null,
        c.CheckInMethod, c.CheckInDistanceMeters, c.StaffConfirmationReason, c.ReceiptConfirmedAt, photos);
}

public static class Hours
{
    public static decimal FromMinutes(int minutes) => Math.Round(minutes / 60m, 2);
}
