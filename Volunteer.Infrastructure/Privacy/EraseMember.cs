using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Audit;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Notifications;
using Volunteer.Domain.Points;
using Volunteer.Domain.Privacy;
using Volunteer.Domain.Rankings;
using Volunteer.Domain.Recognition;
using Volunteer.Domain.Rewards;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Audit;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Households;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Photos;

namespace Volunteer.Infrastructure.Privacy;

/// <summary>
/// Erasure (注销并删除个人信息), by the member or, for a resident without a smartphone, by staff of
/// their community: name, phone, openid, circumstances and party details go from the member row; the
/// addresses, descriptions and review reasons of their needs, the addresses of tasks made from them, their rating
/// comments and their name in kept reports go too; so do their inbox (notifications and deliveries),
/// their subscribe-message credits, their sign-in records and the photos they uploaded of their own claims (metadata and the
/// bytes in the photo store). Ledger entries, claims, rankings and honours keep
/// their numbers under the now anonymous member, so totals and hash chains still verify; the ledger
/// itself is not touched (it holds no personal data, and the database refuses changes to it).
/// </summary>
public sealed class EraseMember(VolunteerDbContext db, TimeProvider clock, IPhotoStore photos) : IUseCase
{
    public async Task ExecuteAsync(Actor actor, Guid memberId, CancellationToken ct)
    {
        var member = actor.IsResident
            ? actor.Id == memberId ? await db.Members.SingleOrDefaultAsync(m => m.Id == memberId, ct) ?? throw MemberAccess.NotFound()
                : throw MemberAccess.NotFound()
            : await MemberAccess.LoadManagedAsync(db, actor, memberId, ct);
        if (member.IsErased)
            throw MemberErrors.Erased();

        var now = clock.GetUtcNow();
        await db.InTransactionAsync(async () =>
        {
            // The audit entry is written first: its street comes from the member's community, which stays.
            await AuditTrail.AddAsync(db, clock, actor, AuditAction.MemberErased, memberId, actor.IsResident ? "本人申请" : "工作人员代办", ct);
            await db.LeaveHouseholdAsync(member, ct);
            member.Erase(now);
            await db.SaveChangesAsync(ct);

            await db.Needs.Where(n => n.RequesterId == memberId)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.Address, (string?)null).SetProperty(n => n.Description, (string?)null)
                    .SetProperty(n => n.ReviewReason, (string?)null), ct);
            await db.Tasks.Where(t => t.RequesterId == memberId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Address, (string?)null), ct);
            await db.Claims.Where(c => c.RatedById == memberId && c.RatingComment != null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.RatingComment, (string?)null), ct);
            // Their words on escalations of their needs (吹哨报到): the verdict stays for the statistics, the comment goes.
            await db.Escalations.Where(e => e.RequesterId == memberId && e.SatisfactionComment != null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.SatisfactionComment, (string?)null), ct);
            // Their survey answers: the household's verdict stays counted, their comment goes.
            await db.SurveyAnswers.Where(a => a.MemberId == memberId && a.Comment != null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Comment, (string?)null), ct);
            await db.EscalationEvents.Where(e => e.ActorMemberId == memberId && e.Note != null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Note, (string?)null), ct);
            await db.DualEvaluationEntries.Where(e => e.MemberId == memberId)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.MemberName, Member.ErasedName).SetProperty(e => e.PartyBranch, (string?)null), ct);

            // Their inbox: texts quote their needs, review reasons and party branch.
            var inbox = db.Set<Notification>().Where(n => n.RecipientKind == RecipientKind.Member && n.RecipientId == memberId);
            await db.Set<NotificationDelivery>().Where(d => inbox.Any(n => n.Id == d.NotificationId)).ExecuteDeleteAsync(ct);
            await inbox.ExecuteDeleteAsync(ct);
            await db.Set<SubscribeCredit>().Where(c => c.MemberId == memberId).ExecuteDeleteAsync(ct);
            // Sign-in records: network, hashed address and device go with the person.
            await db.Set<SignInRecord>().Where(r => r.MemberId == memberId).ExecuteDeleteAsync(ct);

            // Photos they took of their own service: the claim and its points stay, the pictures go.
            var own = db.Set<ClaimPhoto>().Where(p => p.UploadedById == memberId && db.Claims.Any(c => c.Id == p.ClaimId && c.MemberId == memberId));
            foreach (var photoId in await own.Select(p => p.Id).ToListAsync(ct))
                await photos.DeleteAsync(photoId, ct);
            await own.ExecuteDeleteAsync(ct);
            return true;
        }, ct);
    }
}
