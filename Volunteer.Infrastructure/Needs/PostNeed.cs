using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.WeChat;
using Volunteer.Domain.Members;

namespace Volunteer.Infrastructure.Needs;

/// <summary>居民下单: a resident posts a need, or staff post it for a resident without a smartphone (代下单).</summary>
public sealed class PostNeed(VolunteerDbContext db, TimeProvider clock, ContentCheck content) : IUseCase
{
    public async Task<Need> ExecuteAsync(Actor actor, NeedDetails details, Guid? onBehalfOfMemberId, CancellationToken ct)
    {
        Guid requesterId;
        Guid? postedBy = null;
        if (actor.IsResident)
        {
            if (onBehalfOfMemberId is { } other && other != actor.Id)
                throw DomainException.Forbidden("need.onBehalf", "居民只能为自己提交需求。");
            requesterId = actor.Id;
        }
        else if (actor.IsStaff || actor.IsAdmin || actor.IsGridWorker)
        {
            requesterId = onBehalfOfMemberId ?? throw DomainException.Invalid("onBehalfOfMemberId", "代下单须指定服务对象（居民）。");
            postedBy = actor.Id;
        }
        else
        {
            throw DomainException.Forbidden("need.role", "只有居民或社区工作人员可以提交需求。");
        }

        var requester = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == requesterId, ct)
            ?? throw MemberErrors.NotFound();
        if (postedBy is not null && (requester.CommunityId is not { } home || !await db.ManagesAsync(actor, home, requester.GridId, ct)))
            throw MemberErrors.NotFound();

        var verdict = await content.CheckAsync(actor, ContentScene.Post, ct, details.Title, details.Description);
        var need = Need.Post(requester, details, postedBy, clock.GetUtcNow());
        if (verdict == ContentVerdict.Review)
            need.HoldForContentReview();
        db.Needs.Add(need);
        await db.NotifyStaffAsync(need.CommunityId, staff => Notification.NeedSubmitted(staff, need, need.CreatedAt), ct, need.GridId);
        await db.SaveChangesAsync(ct);
        return need;
    }
}
