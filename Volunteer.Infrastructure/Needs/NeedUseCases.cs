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

namespace Volunteer.Infrastructure.Needs;

public static class NeedAccess
{
    /// <summary>
    /// Loads a need (tracked). Its requester and the staff managing its community may see it;
    /// for anyone else it does not exist.
    /// </summary>
    public static async Task<(Need Need, bool Manages)> LoadVisibleAsync(VolunteerDbContext db, Actor actor, Guid needId, CancellationToken ct)
    {
        var need = await db.Needs.SingleOrDefaultAsync(n => n.Id == needId, ct) ?? throw NotFound();
        var manages = (actor.IsStaff || actor.IsAdmin || actor.IsGridWorker) && await db.ManagesAsync(actor, need.CommunityId, need.GridId, ct);
        if (!manages && !(actor.IsResident && need.RequesterId == actor.Id))
            throw NotFound();
        return (need, manages);
    }

    public static DomainException NotFound() => DomainException.NotFound("need.notFound", "需求不存在。");
}

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
            ?? throw DomainException.NotFound("member.notFound", "居民不存在。");
        if (postedBy is not null && (requester.CommunityId is not { } home || !await db.ManagesAsync(actor, home, requester.GridId, ct)))
            throw DomainException.NotFound("member.notFound", "居民不存在。");

        var verdict = await content.CheckAsync(actor, ContentScene.Post, ct, details.Title, details.Description);
        var need = Need.Post(requester, details, postedBy, clock.GetUtcNow());
        if (verdict == ContentVerdict.Review)
            need.HoldForContentReview();
        db.Needs.Add(need);
        await db.NotifyStaffAsync(need.CommunityId, staff => Notification.NeedSubmitted(staff, need, need.CreatedAt), ct);
        await db.SaveChangesAsync(ct);
        return need;
    }
}

/// <summary>社区发单 from a need: staff approve it into a task.</summary>
public sealed class ApproveNeed(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<(Need Need, ServiceTask Task)> ExecuteAsync(Actor actor, Guid needId, ApprovalTerms terms, CancellationToken ct)
    {
        var (need, manages) = await NeedAccess.LoadVisibleAsync(db, actor, needId, ct);
        if (!manages)
            throw DomainException.Forbidden("need.review", "只有该社区的工作人员可以审核需求。");
        await db.GridInAsync(terms.GridId, need.CommunityId, ct);
        if (actor.IsGridWorker && terms.GridId is { } gridId && gridId != actor.GridId)
            throw DomainException.Forbidden("grid.forbidden", "网格员只能在本网格内发布任务。");
        var task = need.Approve(terms.CompleteFrom(need), actor.Id, clock.GetUtcNow());
        db.Tasks.Add(task);
        db.Notify(Notification.NeedApproved(need, task, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return (need, task);
    }
}

public sealed class RejectNeed(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Need> ExecuteAsync(Actor actor, Guid needId, string? reason, CancellationToken ct)
    {
        var (need, manages) = await NeedAccess.LoadVisibleAsync(db, actor, needId, ct);
        if (!manages)
            throw DomainException.Forbidden("need.review", "只有该社区的工作人员可以审核需求。");
        need.Reject(reason ?? "", actor.Id, clock.GetUtcNow());
        db.Notify(Notification.NeedRejected(need, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return need;
    }
}

public sealed class WithdrawNeed(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<Need> ExecuteAsync(Actor actor, Guid needId, CancellationToken ct)
    {
        var (need, _) = await NeedAccess.LoadVisibleAsync(db, actor, needId, ct);
        if (!(actor.IsResident && need.RequesterId == actor.Id))
            throw DomainException.Forbidden("need.withdraw", "只有提交需求的居民本人可以撤回。");
        need.Withdraw(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return need;
    }
}
