using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Http;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Api.Claims;

internal static class ClaimViews
{
    public static async Task<Paged<ClaimResponse>> PageAsync(VolunteerDbContext db, IQueryable<Claim> ordered, PageRequest paging, CancellationToken ct)
    {
        var page = await paging.ApplyAsync(ordered, items => items, ct);
        return new Paged<ClaimResponse>(await ManyAsync(db, page.Items, ct), page.Total, page.Page, page.PageSize);
    }

    public static async Task<ClaimResponse> OneAsync(VolunteerDbContext db, Claim claim, CancellationToken ct) =>
        (await ManyAsync(db, [claim], ct))[0];

    public static async Task<IReadOnlyList<ClaimResponse>> ManyAsync(VolunteerDbContext db, IReadOnlyList<Claim> claims, CancellationToken ct)
    {
        if (claims.Count == 0)
            return [];
        var taskIds = claims.Select(c => c.TaskId).Distinct().ToList();
        var memberIds = claims.Where(c => c.MemberId != null).Select(c => c.MemberId!.Value).Distinct().ToList();
        var partnerIds = claims.Where(c => c.PartnerId != null).Select(c => c.PartnerId!.Value).Distinct().ToList();
        var titles = await db.Tasks.AsNoTracking().Where(t => taskIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Title, ct);
        var members = await db.Members.AsNoTracking().Where(m => memberIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        var partners = await db.Partners.AsNoTracking().Where(p => partnerIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);

        return claims.Select(c => new ClaimResponse(
            c.Id, c.TaskId, titles.GetValueOrDefault(c.TaskId, ""), c.MemberId, c.PartnerId,
            c.MemberId is { } m ? members.GetValueOrDefault(m, "") : partners.GetValueOrDefault(c.PartnerId!.Value, ""),
            c.Status, c.StatusReason, c.ClaimedAt, c.CheckedInAt, c.CheckedOutAt, c.ReviewedAt,
            Hours.FromMinutes(c.ServiceMinutes), c.PointsAwarded,
            c.RatingStars is { } stars ? new RatingResponse(stars, c.RatingComment, c.RatedAt!.Value) : null)).ToList();
    }
}

public static class Hours
{
    public static decimal FromMinutes(int minutes) => Math.Round(minutes / 60m, 2);
}
