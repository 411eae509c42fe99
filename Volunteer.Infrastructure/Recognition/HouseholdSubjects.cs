using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Recognition;

/// <summary>How a household is named: in full for the community's staff and admins, and for everyone else by its head's masked name.</summary>
public sealed record HouseholdName(string Full, string Public);

/// <summary>
/// Households (户) as honour subjects and survey respondents: whether one lives in a community, its head
/// (户主, who receives a household honour's bonus), a member's household, and how many households a
/// community has (residents in no household count as households of one).
/// </summary>
internal static class HouseholdSubjects
{
    public static Task<bool> InCommunityAsync(VolunteerDbContext db, Guid householdId, Guid communityId, CancellationToken ct) =>
        db.Households.AnyAsync(h => h.Id == householdId && h.CommunityId == communityId, ct);

    public static Task<Guid?> HeadAsync(VolunteerDbContext db, Guid householdId, CancellationToken ct) =>
        db.Households.Where(h => h.Id == householdId).Select(h => h.HeadMemberId).SingleAsync(ct);

    /// <summary>Everyone living in the household now, who hears of its honour.</summary>
    public static Task<List<Guid>> MembersAsync(VolunteerDbContext db, Guid householdId, CancellationToken ct) =>
        db.Members.Where(m => m.HouseholdId == householdId).Select(m => m.Id).ToListAsync(ct);

    public static Task<Guid?> HouseholdOfAsync(VolunteerDbContext db, Guid memberId, CancellationToken ct) =>
        db.Members.Where(m => m.Id == memberId).Select(m => m.HouseholdId).SingleOrDefaultAsync(ct);

    /// <summary>"3栋2单元301 张伟家" in full; "张*家" in public (an address is not for the public roll); "一户居民" without a head.</summary>
    public static async Task<IReadOnlyDictionary<Guid, HouseholdName>> NamesAsync(VolunteerDbContext db, IReadOnlyList<Guid> householdIds,
        CancellationToken ct)
    {
        if (householdIds.Count == 0)
            return new Dictionary<Guid, HouseholdName>();
        var rows = await db.Households.AsNoTracking().Where(h => householdIds.Contains(h.Id))
            .Select(h => new { h.Id, h.AddressUnit, Head = db.Members.Where(m => m.Id == h.HeadMemberId).Select(m => m.Name).FirstOrDefault() })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => r.Head is { Length: > 0 } head
            ? new HouseholdName($"{r.AddressUnit} {head}家", Masking.Name(head) + "家")
            : new HouseholdName($"{r.AddressUnit}（未登记户主）", "一户居民"));
    }

    /// <summary>Registered households of the community, plus its residents in no household (each a household of one).</summary>
    public static async Task<int> CountInCommunityAsync(VolunteerDbContext db, Guid communityId, CancellationToken ct) =>
        await db.Households.CountAsync(h => h.CommunityId == communityId, ct)
        + await db.Members.CountAsync(m => m.CommunityId == communityId && m.HouseholdId == null && m.ErasedAt == null, ct);

    /// <summary>Each member's household, or the member's own id for one in no household (a household of one).</summary>
    public static async Task<IReadOnlyDictionary<Guid, Guid>> HouseholdKeysAsync(VolunteerDbContext db, IReadOnlyList<Guid> memberIds, CancellationToken ct)
    {
        var rows = await db.Members.AsNoTracking().Where(m => memberIds.Contains(m.Id)).Select(m => new { m.Id, m.HouseholdId }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => r.HouseholdId ?? r.Id);
    }
}
