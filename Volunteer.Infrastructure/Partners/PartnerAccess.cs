using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Members;
using Volunteer.Domain.Communities;

namespace Volunteer.Infrastructure.Partners;

/// <summary>Who may manage or act for a partner organisation, and which communities it serves.</summary>
public static class PartnerAccess
{
    /// <summary>A partner of the admin's street (tracked, with its badges); 404 for anyone else's.</summary>
    public static async Task<Partner> LoadManagedAsync(VolunteerDbContext db, Actor actor, Guid partnerId, CancellationToken ct)
    {
        actor.EnsureAdmin();
        var partner = await db.Partners.Include(p => p.Badges).SingleOrDefaultAsync(p => p.Id == partnerId, ct);
        if (partner is null || !actor.IsAdminOf(partner.StreetId))
            throw NotFound();
        return partner;
    }

    /// <summary>
    /// The partner whose records the actor may read: partner staff their own organisation, admins
    /// any partner of their street (named by <paramref name="partnerId"/>).
    /// </summary>
    public static async Task<Guid> ReadableAsync(VolunteerDbContext db, Actor actor, Guid? partnerId, CancellationToken ct)
    {
        if (actor.IsPartnerStaff)
        {
            if (partnerId is { } given && given != actor.PartnerId)
                throw OtherPartner();
            return actor.PartnerId!.Value;
        }
        if (!actor.IsAdmin)
            throw PartnerStaffOnly();
        var id = partnerId ?? throw DomainException.Invalid("partnerId", "请指定共建单位。");
        var streetId = await db.Partners.Where(p => p.Id == id).Select(p => (Guid?)p.StreetId).SingleOrDefaultAsync(ct);
        if (streetId is null || !actor.IsAdminOf(streetId.Value))
            throw NotFound();
        return id;
    }

    /// <summary>A partner of the actor's street, with its badges (read-only); another street's is 404.</summary>
    public static async Task<Partner> LoadVisibleAsync(VolunteerDbContext db, Actor actor, Guid partnerId, CancellationToken ct)
    {
        var partner = await db.Partners.AsNoTracking().Include(p => p.Badges).SingleOrDefaultAsync(p => p.Id == partnerId, ct);
        if (partner is null || !await SeesStreetAsync(db, actor, partner.StreetId, ct))
            throw NotFound();
        return partner;
    }

    /// <summary>Whether something of <paramref name="streetId"/> is in the actor's world (streets are separate).</summary>
    public static async Task<bool> SeesStreetAsync(VolunteerDbContext db, Actor actor, Guid streetId, CancellationToken ct) =>
        await db.StreetInViewAsync(actor, ct) is not { } street || street == streetId;

    /// <summary>The community whose offer a caller looks at: a resident's own by default, anyone else must name one.</summary>
    public static async Task<Guid> ViewedCommunityAsync(VolunteerDbContext db, Actor actor, Guid? communityId, CancellationToken ct)
    {
        if (communityId is { } given)
            return await db.SeesCommunityAsync(actor, given, ct)
                ? given
                : throw CommunityErrors.CommunityNotFound();
        if (!actor.IsResident)
            throw DomainException.Invalid("communityId", "请指定社区 communityId。");
        return await db.Members.Where(m => m.Id == actor.Id).Select(m => m.CommunityId).SingleAsync(ct)
            ?? throw MemberErrors.NoCommunity();
    }

    public static Guid EnsurePartnerStaff(Actor actor) =>
        actor.IsPartnerStaff ? actor.PartnerId!.Value : throw PartnerStaffOnly();

    public static DomainException NotFound() => DomainException.NotFound("partner.notFound", "共建单位不存在。");

    public static DomainException OtherPartner() =>
        PartnerErrors.Forbidden();

    public static DomainException PartnerStaffOnly() =>
        DomainException.Forbidden("role.partnerStaffOnly", "此操作仅限共建单位（商家）工作人员。");

    /// <summary>Agreements in force on <paramref name="now"/>'s date in China.</summary>
    public static IQueryable<CoBuildingAgreement> InForce(this IQueryable<CoBuildingAgreement> agreements, DateTimeOffset now)
    {
        var today = CoBuildingAgreement.Today(now);
        return agreements.Where(a => a.TerminatedAt == null && a.StartsOn <= today && a.EndsOn >= today);
    }

    /// <summary>Whether the partner serves the community today (a co-building agreement in force).</summary>
    public static Task<bool> ServesAsync(this VolunteerDbContext db, Guid partnerId, Guid communityId, DateTimeOffset now, CancellationToken ct) =>
        db.CoBuildingAgreements.InForce(now).AnyAsync(a => a.PartnerId == partnerId && a.CommunityId == communityId, ct);
}
