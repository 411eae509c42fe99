using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Rewards;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Domain.Communities;

namespace Volunteer.Infrastructure.Reports;

/// <summary>One community in one month: what its volunteers did.</summary>
public sealed record CommunityMonth(Guid CommunityId, string CommunityName, Period Month, int Points, int Minutes, int ActiveVolunteers,
    int PartyMembersServing, int Ratings, decimal? AverageRating);

/// <summary>Codes a partner organisation fulfilled in the window.</summary>
public sealed record PartnerRedemptions(Guid PartnerId, string PartnerName, int Fulfilled, int Points);

public sealed record StreetDashboard(Guid StreetId, string StreetName, IReadOnlyList<Period> Months, IReadOnlyList<CommunityMonth> Rows,
    IReadOnlyList<PartnerRedemptions> Partners);

/// <summary>Street-wide statistics for the admins' dashboard (数据看板). Registered like the use cases.</summary>
public sealed class StreetDashboardQueries(VolunteerDbContext db) : IUseCase
{
    /// <summary>The <paramref name="months"/> months up to <paramref name="last"/> for the admin's street.</summary>
    public async Task<StreetDashboard> LoadAsync(Actor actor, Guid? streetId, Period last, int months, CancellationToken ct)
    {
        actor.EnsureAdmin();
        var targetId = streetId ?? actor.StreetId ?? throw DomainException.Invalid("streetId", "请指定街道 streetId。");
        if (!actor.IsAdminOf(targetId))
            throw CommunityErrors.OtherStreet();
        var street = await db.Streets.AsNoTracking().SingleOrDefaultAsync(s => s.Id == targetId, ct)
            ?? throw CommunityErrors.StreetNotFound();

        var periods = new List<Period> { last };
        while (periods.Count < months)
            periods.Insert(0, periods[0].Previous());
        var from = periods[0];
        var (fromKey, toKey) = (from.Key, last.Key);

        var communities = await db.Communities.AsNoTracking().Where(c => c.StreetId == street.Id)
            .OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var communityIds = communities.Select(c => c.Id).ToList();

        var totals = await db.MonthlyTotals.AsNoTracking()
            .Where(t => t.Period >= fromKey && t.Period <= toKey && communityIds.Contains(t.CommunityId))
            .GroupBy(t => new { t.Period, t.CommunityId, t.MemberId })
            .Select(g => new { g.Key.Period, g.Key.CommunityId, g.Key.MemberId, Points = g.Sum(t => t.Points), Minutes = g.Sum(t => t.Minutes) })
            .ToListAsync(ct);
        var serving = totals.Where(t => t.Minutes > 0).Select(t => t.MemberId).Distinct().ToList();
        var party = (await db.Members.AsNoTracking().Where(m => serving.Contains(m.Id) && m.PartyStatus == PartyStatus.Confirmed)
            .Select(m => m.Id).ToListAsync(ct)).ToHashSet();

        var (start, end) = (from.StartsAt, last.EndsAt);
        var ratings = await db.Claims.AsNoTracking()
            .Where(c => c.RatedAt != null && c.RatedAt >= start && c.RatedAt < end && c.RatingStars != null)
            .Join(db.Tasks.Where(t => communityIds.Contains(t.CommunityId)), c => c.TaskId, t => t.Id,
                (c, t) => new { t.CommunityId, RatedAt = c.RatedAt!.Value, Stars = c.RatingStars!.Value })
            .ToListAsync(ct);

        var rows = new List<CommunityMonth>();
        foreach (var community in communities)
            foreach (var month in periods)
            {
                var mine = totals.Where(t => t.CommunityId == community.Id && t.Period == month.Key).ToList();
                var rated = ratings.Where(r => r.CommunityId == community.Id && Period.Of(r.RatedAt) == month).ToList();
                var active = mine.Where(t => t.Minutes > 0).ToList();
                rows.Add(new CommunityMonth(community.Id, community.Name, month, mine.Sum(t => t.Points), mine.Sum(t => t.Minutes),
                    active.Count, active.Count(t => party.Contains(t.MemberId)), rated.Count,
                    rated.Count == 0 ? null : Math.Round((decimal)rated.Average(r => r.Stars), 1)));
            }

        var fulfilled = await db.Redemptions.AsNoTracking()
            .Where(r => r.Status == RedemptionStatus.Fulfilled && r.FulfilledAt >= start && r.FulfilledAt < end && communityIds.Contains(r.CommunityId))
            .GroupBy(r => r.PartnerId).Select(g => new { PartnerId = g.Key, Count = g.Count(), Points = g.Sum(r => r.PointsCost) })
            .ToListAsync(ct);
        var partners = await db.Partners.AsNoTracking().Where(p => p.StreetId == street.Id).OrderBy(p => p.Name)
            .Select(p => new { p.Id, p.Name }).ToListAsync(ct);
        var byPartner = partners.Select(p =>
        {
            var f = fulfilled.SingleOrDefault(x => x.PartnerId == p.Id);
            return new PartnerRedemptions(p.Id, p.Name, f?.Count ?? 0, f?.Points ?? 0);
        }).ToList();

        return new StreetDashboard(street.Id, street.Name, periods, rows, byPartner);
    }
}
