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
