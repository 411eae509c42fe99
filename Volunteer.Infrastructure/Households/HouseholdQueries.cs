using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Audit;
using Volunteer.Domain.Common;
using Volunteer.Domain.Households;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Audit;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Households;

/// <summary>A household as a line of a list.</summary>
public sealed class HouseholdSummary
{
    public Guid Id { get; init; }
    public Guid CommunityId { get; init; }
    public string AddressUnit { get; init; } = "";
    public Guid? HeadMemberId { get; init; }
    public string? HeadName { get; init; }
    public Guid? BuildingId { get; init; }
    public int MemberCount { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// Points of a member or a household, read from the running totals: <see cref="Balance"/> is the spendable
/// balance now (积分余额, from the points accounts); <see cref="EarnedThisMonth"/> and <see cref="EarnedThisYear"/>
/// are the points earned by verified service and staff corrections in the current month and calendar year
/// (China Standard Time) — the figure the rankings count, from the monthly totals — so redemptions, refunds
/// and honour bonuses are not in them.
/// </summary>
public sealed record PointsFigures(int Balance, int EarnedThisMonth, int EarnedThisYear)
{
    public static readonly PointsFigures Zero = new(0, 0, 0);

    /// <summary>Household points are the sum of its current members' points (nothing is stored per household).</summary>
    public static PointsFigures Sum(IEnumerable<PointsFigures> parts) => parts.Aggregate(Zero,
        (a, b) => new PointsFigures(a.Balance + b.Balance, a.EarnedThisMonth + b.EarnedThisMonth, a.EarnedThisYear + b.EarnedThisYear));
}

public sealed record HouseholdMemberLine(Guid Id, string Name, bool IsHead, bool IsConfirmedPartyMember, PointsFigures Points);

public sealed record HouseholdDetail(Household Household, IReadOnlyList<HouseholdMemberLine> Members, PointsFigures Points);

/// <summary>A resident's own household, as they see it: no other member's name or points.</summary>
public sealed record OwnHousehold(Guid Id, Guid CommunityId, string AddressUnit, bool IsHead, int MemberCount, PointsFigures Points);

/// <summary>
/// Reads of households, shared by the API and the console. A household's address unit is where its members
/// live: showing it for a vulnerable member (低保、残疾、独居、高龄) to staff is recorded in the audit trail,
/// as the addresses of their needs are.
/// </summary>
public sealed class HouseholdQueries(VolunteerDbContext db, TimeProvider clock) : IUseCase
{
    /// <summary>Households of the communities the actor manages, by address unit; <paramref name="text"/> matches the address unit or a member's name.</summary>
    public IQueryable<HouseholdSummary> Managed(Actor actor, Guid? communityId, string? text)
    {
        actor.EnsureStaffOrAdmin();
        var query = db.Households.AsNoTracking();
        if (db.ManagedCommunityIds(actor) is { } managed)
            query = query.Where(h => managed.Contains(h.CommunityId));
        if (communityId is { } c)
            query = query.Where(h => h.CommunityId == c);
        if (!string.IsNullOrWhiteSpace(text))
        {
            var t = text.Trim();
            query = query.Where(h => h.AddressUnit.Contains(t) || db.Members.Any(m => m.HouseholdId == h.Id && m.Name.Contains(t)));
        }
        return query.OrderBy(h => h.AddressUnit).ThenBy(h => h.Id).Select(h => new HouseholdSummary
        {
            Id = h.Id,
            CommunityId = h.CommunityId,
            AddressUnit = h.AddressUnit,
            HeadMemberId = h.HeadMemberId,
            HeadName = db.Members.Where(m => m.Id == h.HeadMemberId).Select(m => m.Name).FirstOrDefault(),
            BuildingId = h.BuildingId,
            MemberCount = db.Members.Count(m => m.HouseholdId == h.Id),
            CreatedAt = h.CreatedAt,
        });
    }

    /// <summary>Records that the actor is being shown the address units of these households, for their vulnerable members.</summary>
    public async Task AuditShownAsync(Actor actor, IReadOnlyCollection<Guid> householdIds, string detail, CancellationToken ct)
    {
        if (householdIds.Count == 0)
            return;
        var vulnerable = await db.Members.AsNoTracking()
            .Where(m => m.HouseholdId != null && householdIds.Contains(m.HouseholdId.Value) && m.Circumstances != Circumstances.None)
            .Select(m => new { m.Id, m.HouseholdId }).ToListAsync(ct);
        foreach (var member in vulnerable)
            await AuditTrail.AddAsync(db, clock, actor, AuditAction.SensitiveAddressViewed, member.Id, $"{detail} {member.HouseholdId}", ct);
        if (vulnerable.Count > 0)
            await db.SaveChangesAsync(ct);
    }

    /// <summary>One household with its members and points, for staff who manage it (404 otherwise); audited like a list.</summary>
    public async Task<HouseholdDetail> DetailAsync(Actor actor, Guid householdId, CancellationToken ct)
    {
        var household = await db.Households.AsNoTracking().SingleOrDefaultAsync(h => h.Id == householdId, ct);
        if (household is null || !(actor.IsStaff || actor.IsAdmin) || !await db.ManagesAsync(actor, household.CommunityId, ct))
            throw HouseholdAccess.NotFound();
        var members = await db.Members.AsNoTracking().Where(m => m.HouseholdId == householdId)
            .OrderBy(m => m.Name).ThenBy(m => m.Id).ToListAsync(ct);
        var points = await PointsOfAsync(members.Select(m => m.Id).ToList(), ct);
        var lines = members
            .Select(m => new HouseholdMemberLine(m.Id, m.Name, m.Id == household.HeadMemberId, m.IsConfirmedPartyMember, points[m.Id]))
            .OrderByDescending(l => l.IsHead).ToList();
        await AuditShownAsync(actor, [householdId], "household", ct);
        return new HouseholdDetail(household, lines, PointsFigures.Sum(lines.Select(l => l.Points)));
    }

    /// <summary>The resident's own household with the household's points, or null when they have none.</summary>
    public async Task<OwnHousehold?> OwnAsync(Guid memberId, CancellationToken ct)
    {
        var householdId = await db.Members.Where(m => m.Id == memberId).Select(m => m.HouseholdId).SingleOrDefaultAsync(ct);
        if (householdId is not { } id)
            return null;
        var household = await db.Households.AsNoTracking().SingleAsync(h => h.Id == id, ct);
        var memberIds = await db.Members.Where(m => m.HouseholdId == id).Select(m => m.Id).ToListAsync(ct);
        var points = await PointsOfAsync(memberIds, ct);
        return new OwnHousehold(household.Id, household.CommunityId, household.AddressUnit, household.HeadMemberId == memberId,
            memberIds.Count, PointsFigures.Sum(points.Values));
    }

    /// <summary>Each member's points figures (see <see cref="PointsFigures"/>), now.</summary>
    public async Task<IReadOnlyDictionary<Guid, PointsFigures>> PointsOfAsync(IReadOnlyCollection<Guid> memberIds, CancellationToken ct)
    {
        if (memberIds.Count == 0)
            return new Dictionary<Guid, PointsFigures>();
        var month = Period.Of(clock.GetUtcNow());
        var (key, yearStart) = (month.Key, month.Year * 100 + 1);
        var balances = await db.PointsAccounts.AsNoTracking().Where(a => memberIds.Contains(a.MemberId))
            .ToDictionaryAsync(a => a.MemberId, a => a.Balance, ct);
        var earned = await db.MonthlyTotals.AsNoTracking()
            .Where(t => memberIds.Contains(t.MemberId) && t.Period >= yearStart && t.Period <= key)
            .GroupBy(t => t.MemberId)
            .Select(g => new { MemberId = g.Key, Year = g.Sum(t => t.Points), Month = g.Sum(t => t.Period == key ? t.Points : 0) })
            .ToDictionaryAsync(x => x.MemberId, ct);
        return memberIds.Distinct().ToDictionary(id => id, id => new PointsFigures(balances.GetValueOrDefault(id),
            earned.TryGetValue(id, out var e) ? e.Month : 0, earned.TryGetValue(id, out var y) ? y.Year : 0));
    }
}
