using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Photos;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>
/// A claim as one viewer may see it: the claimant's phone in full only to the claimant and managing
/// staff, a rating comment held for review only to staff and its writer.
/// </summary>
public sealed record ClaimDetails(Claim Claim, string TaskTitle, string ClaimantName, string? Phone, string? RatingComment,
    IReadOnlyList<ClaimPhoto> Photos);

/// <summary>Reads of claims for the API and the console. Registered like the use cases.</summary>
public sealed class ClaimQueries(VolunteerDbContext db) : IUseCase
{
    /// <summary>A claim its viewer may see (404 otherwise): the claimant, the task's requester, managing staff.</summary>
    public async Task<Claim> VisibleAsync(Actor actor, Guid claimId, CancellationToken ct) =>
        (await ClaimAccess.LoadVisibleAsync(db, actor, claimId, ct)).Claim;

    /// <summary>The caller's own claims (a resident's, or a partner organisation's), latest first; other roles 403.</summary>
    public IQueryable<Claim> Mine(Actor actor, ClaimStatus? status)
    {
        var query = actor switch
        {
            { IsResident: true } => db.Claims.Where(c => c.MemberId == actor.Id),
            { IsPartnerStaff: true } => db.Claims.Where(c => c.PartnerId == actor.PartnerId),
            _ => throw DomainException.Forbidden("role.claimant", "只有居民或共建单位工作人员有自己的认领。"),
        };
        if (status is { } s)
            query = query.Where(c => c.Status == s);
        return query.OrderByDescending(c => c.ClaimedAt).ThenByDescending(c => c.Id);
    }

    /// <summary>Every claim of a task, in the order made, for the staff who manage it (404 / 403 otherwise).</summary>
    public async Task<IQueryable<Claim>> OfTaskAsync(Actor actor, Guid taskId, CancellationToken ct)
    {
        var task = await TaskAccess.LoadVisibleAsync(db, actor, taskId, ct);
        if (!await db.ManagesAsync(actor, task.CommunityId, task.GridId, ct))
            throw Scopes.NotYourCommunity();
        return db.Claims.AsNoTracking().Where(c => c.TaskId == taskId).OrderBy(c => c.ClaimedAt).ThenBy(c => c.Id);
    }

    /// <summary>The photos of each claim, in upload order (the caller has checked the claims are visible).</summary>
    public Task<ILookup<Guid, ClaimPhoto>> PhotosAsync(IReadOnlyCollection<Guid> claimIds, CancellationToken ct) =>
        PhotoQueries.OfClaimsAsync(db, claimIds, ct);

    public async Task<ClaimDetails> DetailsAsync(Actor viewer, Claim claim, CancellationToken ct) =>
        (await DetailsAsync(viewer, [claim], ct))[0];

    /// <summary>Claims as <paramref name="viewer"/> may see them, with the names shown beside them.</summary>
    public async Task<IReadOnlyList<ClaimDetails>> DetailsAsync(Actor viewer, IReadOnlyList<Claim> claims, CancellationToken ct)
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
            return new ClaimDetails(c, task.Title, member?.Name ?? partners.GetValueOrDefault(c.PartnerId!.Value, ""),
                fullPhone ? member?.Phone : Masking.Phone(member?.Phone), CommentFor(viewer, c, manages),
                photos[c.Id].ToList());
        }).ToList();
    }

    /// <summary>
    /// A new claim as its claimant sees it, from what the claim was made with. A member's claim needs
    /// nothing read again (the claimant sees their own phone in full); an organisation's needs its name.
    /// </summary>
    public async Task<ClaimDetails> ForClaimantAsync(Actor viewer, ClaimTask.Claimed made, CancellationToken ct) =>
        made.Member is { } member
            ? new ClaimDetails(made.Claim, made.TaskTitle, member.Name, member.Phone, made.Claim.RatingComment, [])
            : await DetailsAsync(viewer, made.Claim, ct);

    /// <summary>A comment held for content review is seen by staff and its writer only until staff release it.</summary>
    private static string? CommentFor(Actor viewer, Claim claim, bool manages) =>
        claim.RatingHeldForReview && !manages && viewer.Id != claim.RatedById ? null : claim.RatingComment;
}
