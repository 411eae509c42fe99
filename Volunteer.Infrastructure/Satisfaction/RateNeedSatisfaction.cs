using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Satisfaction;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Needs;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.WeChat;

namespace Volunteer.Infrastructure.Satisfaction;

/// <summary>
/// 满意度评价: the resident who raised a need rates it once its service is done (a claim on its task was
/// checked out or verified); staff record it for a resident without a smartphone whose need they posted
/// (代下单). The need's version check makes a second, concurrent rating a 409.
/// </summary>
public sealed class RateNeedSatisfaction(VolunteerDbContext db, TimeProvider clock, ContentCheck content) : IUseCase
{
    public async Task<Need> ExecuteAsync(Actor actor, Guid needId, SatisfactionLevel level, string? comment, CancellationToken ct)
    {
        var (need, manages) = await NeedAccess.LoadVisibleAsync(db, actor, needId, ct);
        var isRequester = actor.IsResident && need.RequesterId == actor.Id;
        if (!isRequester && !(manages && actor.IsStaff))
            throw SatisfactionErrors.RequesterOnly();
        var done = need.TaskId is { } taskId && await db.Claims.AnyAsync(c => c.TaskId == taskId
            && (c.Status == ClaimStatus.CheckedOut || c.Status == ClaimStatus.Verified), ct);
        // The comment is seen only by the requester and the community's staff, so a "review" verdict needs no hold.
        await content.CheckAsync(actor, ContentScene.Comment, ct, comment);
        need.RateSatisfaction(level, comment, done, actor.Id, !isRequester, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw SatisfactionErrors.AlreadyRated();
        }
        return need;
    }
}
