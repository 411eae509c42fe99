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
/// Records that a member accepted a version of the privacy policy at sign-in. Only the current
/// version can be accepted; accepting it again records nothing new.
/// </summary>
public sealed class AcceptPrivacyPolicy(VolunteerDbContext db, TimeProvider clock, IOptions<PrivacyOptions> options) : IUseCase
{
    public async Task<bool> ExecuteAsync(Guid memberId, string? acceptedVersion, CancellationToken ct)
    {
        var current = options.Value.PolicyVersion;
        if (acceptedVersion is not null)
        {
            if (acceptedVersion != current)
                throw DomainException.Invalid("policyVersion", $"隐私政策已更新为 {current} 版，请阅读并同意最新版本后再登录。");
            if (!await db.Consents.AnyAsync(c => c.MemberId == memberId && c.PolicyVersion == current, ct))
            {
                db.Consents.Add(Consent.Accept(memberId, current, clock.GetUtcNow()));
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
                {
                    db.ChangeTracker.Clear(); // two sign-ins at once: the other one recorded it
                }
            }
            return true;
        }
        return await db.Consents.AnyAsync(c => c.MemberId == memberId && c.PolicyVersion == current, ct);
    }
}

/// <summary>Everything the platform holds about one member (个人信息导出).</summary>
public sealed record PersonalDataExport(
    DateTimeOffset ExportedAt,
    Member Profile,
    PointsAccount? Points,
    IReadOnlyList<Consent> Consents,
    IReadOnlyList<Need> Needs,
    IReadOnlyList<Claim> Claims,
    IReadOnlyList<LedgerEntry> Ledger,
    IReadOnlyList<Redemption> Redemptions,
    IReadOnlyList<Honor> Honors,
    IReadOnlyList<RankingEntry> Rankings,
    IReadOnlyList<AuditEntry> AccessLog,
    IReadOnlyList<ExportedNotification> Notifications,
    IReadOnlyList<ExportedSubscribeCredit> SubscribeCredits,
    IReadOnlyList<ExportedPhoto> Photos,
    IReadOnlyList<ExportedSignIn> SignIns,
    Domain.Households.Household? Household,
    IReadOnlyList<Domain.Satisfaction.SurveyAnswer> SurveyAnswers,
    IReadOnlyList<HonorNomination> HonorNominations,
    IReadOnlyList<Domain.Escalations.Escalation> Escalations);

/// <summary>A sign-in as kept: when, the network of the address, and whether a device id was sent (its hash, as kept).</summary>
public sealed record ExportedSignIn(DateTimeOffset At, string? Network, string? AddressHash, string? DeviceHash);

/// <summary>A message in the member's inbox (站内消息).</summary>
public sealed record ExportedNotification(Guid Id, NotificationKind Kind, string Title, string Body, string Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>How many WeChat subscribe messages the member allowed for a template (订阅消息授权次数).</summary>
public sealed record ExportedSubscribeCredit(string TemplateId, int Count, DateTimeOffset UpdatedAt);

/// <summary>A photo of one of the member's claims: where to fetch it, not its bytes.</summary>
public sealed record ExportedPhoto(Guid Id, Guid ClaimId, string Url, string ContentType, int Size, DateTimeOffset CreatedAt);

/// <summary>
/// A member exports everything held about them: profile, consents, needs, claims, ledger,
/// redemptions, honours, rankings and who looked at their sensitive data. The export is audited.
/// </summary>
public sealed class ExportMyData(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    public async Task<PersonalDataExport> ExecuteAsync(Actor actor, CancellationToken ct)
    {
        actor.EnsureResident();
        var id = actor.Id;
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct) ?? throw MemberAccess.NotFound();
        await AuditTrail.ReadAsync(db, clock, actor, AuditAction.DataExported, id, null, ct);
        db.ChangeTracker.Clear();
        return new PersonalDataExport(
            clock.GetUtcNow(),
            member,
            await db.PointsAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.MemberId == id, ct),
            await db.Consents.AsNoTracking().Where(c => c.MemberId == id).OrderBy(c => c.AcceptedAt).ToListAsync(ct),
            await db.Needs.AsNoTracking().Where(n => n.RequesterId == id).OrderBy(n => n.CreatedAt).ToListAsync(ct),
            await db.Claims.AsNoTracking().Where(c => c.MemberId == id).OrderBy(c => c.ClaimedAt).ToListAsync(ct),
            await db.LedgerEntries.AsNoTracking().Where(e => e.MemberId == id).OrderBy(e => e.Sequence).ToListAsync(ct),
            await db.Redemptions.AsNoTracking().Where(r => r.MemberId == id).OrderBy(r => r.CreatedAt).ToListAsync(ct),
            await db.Honors.AsNoTracking().Where(h => h.MemberId == id).OrderBy(h => h.Period).ToListAsync(ct),
            await db.RankingEntries.AsNoTracking().Where(r => r.MemberId == id).OrderBy(r => r.Period).ToListAsync(ct),
            await db.AuditEntries.AsNoTracking().Where(a => a.MemberId == id).OrderBy(a => a.At).ToListAsync(ct),
            await db.Set<Notification>().AsNoTracking()
                .Where(n => n.RecipientKind == RecipientKind.Member && n.RecipientId == id)
                .OrderBy(n => n.CreatedAt)
                .Select(n => new ExportedNotification(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt)).ToListAsync(ct),
            await db.Set<SubscribeCredit>().AsNoTracking().Where(c => c.MemberId == id).OrderBy(c => c.TemplateId)
                .Select(c => new ExportedSubscribeCredit(c.TemplateId, c.Count, c.UpdatedAt)).ToListAsync(ct),
            (await db.Set<ClaimPhoto>().AsNoTracking()
                .Where(p => db.Claims.Any(c => c.Id == p.ClaimId && c.MemberId == id))
                .OrderBy(p => p.CreatedAt)
                .Select(p => new { p.Id, p.ClaimId, p.ContentType, p.SizeBytes, p.CreatedAt }).ToListAsync(ct))
                .Select(p => new ExportedPhoto(p.Id, p.ClaimId, $"/api/v1/photos/{p.Id}", p.ContentType, p.SizeBytes, p.CreatedAt)).ToList(),
            await db.Set<SignInRecord>().AsNoTracking().Where(r => r.MemberId == id).OrderBy(r => r.At)
                .Select(r => new ExportedSignIn(r.At, r.Network, r.AddressHash, r.DeviceHash)).ToListAsync(ct),
            member.HouseholdId is { } household ? await db.Households.AsNoTracking().SingleOrDefaultAsync(h => h.Id == household, ct) : null,
            await db.SurveyAnswers.AsNoTracking().Where(a => a.MemberId == id).OrderBy(a => a.AnsweredAt).ToListAsync(ct),
            await db.HonorNominations.AsNoTracking().Where(n => n.MemberId == id || n.BonusMemberId == id).OrderBy(n => n.Id).ToListAsync(ct),
            await db.Escalations.AsNoTracking().Where(e => e.RequesterId == id).OrderBy(e => e.Id).ToListAsync(ct));
    }
}

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
            throw DomainException.Conflict("member.erased", "该居民的个人信息已删除。");

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
