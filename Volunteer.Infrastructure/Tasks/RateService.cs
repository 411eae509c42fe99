using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Partners;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.WeChat;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>The requester (or staff on their behalf) rates the service.</summary>
public sealed class RateService(VolunteerDbContext db, TimeProvider clock, ContentCheck content) : IUseCase
{
    public async Task<Claim> ExecuteAsync(Actor actor, Guid claimId, int stars, string? comment, CancellationToken ct)
    {
        var (claim, task, manages) = await ClaimAccess.LoadVisibleAsync(db, actor, claimId, ct);
        var isRequester = actor.IsResident && task.RequesterId == actor.Id;
        if (!isRequester && !manages)
            throw DomainException.Forbidden("rating.notRequester", "只有服务对象本人或社区工作人员可以评价。");
        var verdict = await content.CheckAsync(actor, ContentScene.Comment, ct, comment);
        claim.Rate(stars, comment, actor.Id, clock.GetUtcNow());
        if (verdict == ContentVerdict.Review)
            claim.HoldRatingForReview();
        await db.SaveChangesAsync(ct);
        return claim;
    }
}
