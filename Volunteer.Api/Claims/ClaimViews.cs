using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Tasks;

namespace Volunteer.Api.Claims;

/// <summary>Claim answers from what <see cref="ClaimQueries"/> lets a viewer see.</summary>
internal static class ClaimViews
{
    public static async Task<Paged<ClaimResponse>> PageAsync(ClaimQueries queries, Actor viewer, IQueryable<Claim> ordered,
        PageRequest paging, CancellationToken ct)
    {
        var page = await paging.ApplyAsync(ordered, items => items, ct);
        return new Paged<ClaimResponse>(Of(await queries.DetailsAsync(viewer, page.Items, ct)), page.Total, page.Page, page.PageSize);
    }

    public static async Task<ClaimResponse> OneAsync(ClaimQueries queries, Actor viewer, Claim claim, CancellationToken ct) =>
        Of(await queries.DetailsAsync(viewer, claim, ct));

    public static IReadOnlyList<ClaimResponse> Of(IReadOnlyList<ClaimDetails> claims) => claims.Select(Of).ToList();

    public static ClaimResponse Of(ClaimDetails d)
    {
        var c = d.Claim;
        return new(c.Id, c.TaskId, d.TaskTitle, c.MemberId, c.PartnerId, d.ClaimantName, d.Phone,
            c.Status, c.StatusReason, c.ClaimedAt, c.CheckedInAt, c.CheckedOutAt, c.ReviewedAt,
            Hours.FromMinutes(c.ServiceMinutes), c.PointsAwarded,
            c.RatingStars is { } stars ? new RatingResponse(stars, d.RatingComment, c.RatedAt!.Value) : null,
            c.CheckInMethod, c.CheckInDistanceMeters, c.StaffConfirmationReason, c.ReceiptConfirmedAt,
            d.Photos.Select(p => new PhotoResponse(p.Id, PhotoResponse.UrlOf(p.Id), p.ContentType, p.Width, p.Height,
                p.UploadedByStaff, p.CreatedAt)).ToList());
    }
}
