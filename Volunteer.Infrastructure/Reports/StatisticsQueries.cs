using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Points;
using Volunteer.Domain.Satisfaction;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Recognition;
using Volunteer.Domain.Communities;

namespace Volunteer.Infrastructure.Reports;

/// <summary>A month (<c>yyyy-MM</c>) or a calendar year (<c>yyyy</c>) in China time.</summary>
public readonly record struct StatisticsPeriod(Period First, Period Last, bool IsYear)
{
    public DateTimeOffset From => First.StartsAt;
    public DateTimeOffset To => Last.EndsAt;

    public override string ToString() => IsYear ? First.Year.ToString("D4", CultureInfo.InvariantCulture) : First.ToString();

    /// <summary>Reads <c>yyyy-MM</c> or <c>yyyy</c>; a period that has not begun is refused.</summary>
    public static StatisticsPeriod Parse(string? text, DateTimeOffset now)
    {
        var trimmed = text?.Trim();
        StatisticsPeriod period;
        if (trimmed is { Length: 4 } && int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && CalendarRange.Contains(new Period(year, 1)))
            period = new StatisticsPeriod(new Period(year, 1), new Period(year, 12), true);
        else if (Period.TryParse(trimmed, out var month))
            period = new StatisticsPeriod(month, month, false);
        else
            throw DomainException.Invalid("period", "period 应为 yyyy-MM（月度）或 yyyy（年度），如 2026-10 或 2026。");
        if (period.From > now)
            throw DomainException.Invalid("period", "该期间尚未开始。");
        return period;
    }
}

/// <summary>Verified 1–5 star ratings of claims (服务评价).</summary>
public sealed record StarFigures(int Count, decimal? Average, IReadOnlyList<int> CountByStars);

/// <summary>One community's (or the whole scope's) figures for the period.</summary>
/// <param name="ActiveVolunteers">Members with verified service time in the period (distinct over the scope).</param>
/// <param name="Households">Registered households plus residents in no household (households of one), now.</param>
/// <param name="HouseholdsServed">Households with a member for whom a service (a task they asked for) was verified in the period.</param>
/// <param name="Minutes">Verified service time in the period.</param>
/// <param name="Points">Points earned for service in the period, with staff corrections (the ranking's points).</param>
/// <param name="BonusPoints">Honours' bonus points granted in the period.</param>
/// <param name="NeedsByState">Needs posted in the period, by their state now.</param>
/// <param name="NeedsByCategory">Needs posted in the period, by category.</param>
/// <param name="NeedsServed">Needs whose first verified service happened in the period.</param>
/// <param name="MedianHoursToService">Median hours from posting to that first service (check-in, or staff confirmation).</param>
/// <param name="NeedSatisfaction">Needs rated in the period (满意 / 基本满意 / 不满意).</param>
/// <param name="SurveySatisfaction">Survey answers given in the period (one per household).</param>
/// <param name="Surveys">Surveys open at any time in the period.</param>
public sealed record ScopeFigures(Guid? CommunityId, string Name, int ActiveVolunteers, int Households, int HouseholdsServed, int Minutes, int Points,
    int BonusPoints, IReadOnlyList<(NeedStatus State, int Count)> NeedsByState, IReadOnlyList<(TaskCategory Category, int Count)> NeedsByCategory,
    int NeedsServed, double? MedianHoursToService, StarFigures Ratings, SatisfactionTally NeedSatisfaction, SatisfactionTally SurveySatisfaction,
    int Surveys)
{
    public int NeedsPosted => NeedsByState.Sum(s => s.Count);
    public decimal? HouseholdsServedShare => Figures.Percent(HouseholdsServed, Households);
    public decimal ServiceHours => Math.Round(Minutes / 60m, 2);
}

/// <summary>The statistics of a street (per community, and in total) or of one community for a period.</summary>
/// <remarks>
/// <see cref="Escalations"/> (吹哨报到, per department) belongs to the street: it is there for a street's month and null for
/// one community or a year (a year's medians cannot be built from the months').
/// </remarks>
public sealed record Statistics(StatisticsPeriod Period, Guid StreetId, string StreetName, Guid? CommunityId, ScopeFigures Total,
    IReadOnlyList<ScopeFigures> Communities, Volunteer.Infrastructure.Escalations.EscalationStatistics? Escalations);

/// <summary>
/// 统计报表: participation, service, needs, time to service and satisfaction for a period, computed from
/// the ledger's monthly totals, needs, claims and surveys. Street admins see their street (per community);
/// community staff their community. Registered like the use cases.
/// </summary>
public sealed class StatisticsQueries(VolunteerDbContext db, Volunteer.Infrastructure.Escalations.EscalationStatisticsQueries escalations) : IUseCase
{
    public async Task<Statistics> LoadAsync(Actor actor, StatisticsPeriod period, Guid? streetId, Guid? communityId, CancellationToken ct)
    {
        actor.EnsureStaffOrAdmin();
        Guid street;
        if (actor.IsStaff)
        {
            if (communityId is { } other && other != actor.CommunityId)
                throw Scopes.NotYourCommunity();
            communityId = actor.CommunityId;
            street = (await db.CommunityAsync(communityId!.Value, ct)).StreetId;
        }
        else
        {
            street = communityId is { } c ? (await db.CommunityAsync(c, ct)).StreetId
                : streetId ?? actor.StreetId ?? throw DomainException.Invalid("streetId", "请指定街道 streetId 或社区 communityId。");
            if (!actor.IsAdminOf(street))
                throw CommunityErrors.OtherStreet();
        }
        var streetName = await db.Streets.AsNoTracking().Where(s => s.Id == street).Select(s => s.Name).SingleOrDefaultAsync(ct)
            ?? throw CommunityErrors.StreetNotFound();
        var communities = await db.Communities.AsNoTracking().Where(c => c.StreetId == street)
            .OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        if (communityId is { } only)
        {
            communities = communities.Where(c => c.Id == only).ToList();
            if (communities.Count == 0)
                throw DomainException.NotFound("community.notFound", "社区不存在。");
        }
        var ids = communities.Select(c => c.Id).ToList();
        var raw = await LoadRawAsync(ids, period, ct);

        // A street's figures are folded in memory from one row per member (100,000 in a large street): on the thread
        // pool, not on a socket thread (CpuWork).
        await CpuWork.LeaveSocketThread();
        var rows = communities.Select(c => Compute(c.Id, c.Name, [c.Id], raw)).ToList();
        var total = Compute(null, communityId is null ? streetName : communities[0].Name, ids, raw);
        var escalationFigures = communityId is null && !period.IsYear ? await escalations.ForStreetAsync(street, period.First, ct) : null;
        return new Statistics(period, street, streetName, communityId, total, rows, escalationFigures);
    }

    private sealed record Raw(
        List<(Guid CommunityId, Guid MemberId, int Points, int Minutes)> Totals,
        List<(Guid CommunityId, int Amount)> Bonuses,
        Dictionary<Guid, int> Households,
        List<(Guid CommunityId, Guid HouseholdKey)> Served,
        List<(Guid CommunityId, NeedStatus Status, TaskCategory Category)> Needs,
        List<(Guid CommunityId, double Hours)> TimesToService,
        List<(Guid CommunityId, int Stars)> Stars,
        List<(Guid CommunityId, SatisfactionLevel Level)> NeedLevels,
        List<(Guid CommunityId, SatisfactionLevel Level)> SurveyLevels,
        List<Guid> SurveyCommunities);

    private async Task<Raw> LoadRawAsync(List<Guid> ids, StatisticsPeriod period, CancellationToken ct)
    {
        var (fromKey, toKey, from, to) = (period.First.Key, period.Last.Key, period.From, period.To);

        var totals = (await db.MonthlyTotals.AsNoTracking()
            .Where(t => t.Period >= fromKey && t.Period <= toKey && ids.Contains(t.CommunityId))
            .GroupBy(t => new { t.CommunityId, t.MemberId })
            .Select(g => new { g.Key.CommunityId, g.Key.MemberId, Points = g.Sum(t => t.Points), Minutes = g.Sum(t => t.Minutes) })
            .ToListAsync(ct)).Select(t => (t.CommunityId, t.MemberId, t.Points, t.Minutes)).ToList();

        var bonuses = (await db.LedgerEntries.AsNoTracking()
            .Where(e => e.Kind == LedgerEntryKind.Bonus && e.Period >= fromKey && e.Period <= toKey && e.CommunityId != null && ids.Contains(e.CommunityId.Value))
            .Select(e => new { CommunityId = e.CommunityId!.Value, e.Amount }).ToListAsync(ct)).Select(e => (e.CommunityId, e.Amount)).ToList();

        var households = new Dictionary<Guid, int>();
        foreach (var id in ids)
            households[id] = await HouseholdSubjects.CountInCommunityAsync(db, id, ct);

        // Verified services in the period, for the households they were for (the task's requester).
        var servedRequesters = await db.Claims.AsNoTracking()
            .Where(c => c.Status == ClaimStatus.Verified && c.ReviewedAt >= from && c.ReviewedAt < to)
            .Join(db.Tasks.Where(t => ids.Contains(t.CommunityId) && t.RequesterId != null), c => c.TaskId, t => t.Id,
                (c, t) => new { t.CommunityId, RequesterId = t.RequesterId!.Value })
            .Distinct().ToListAsync(ct);
        var keys = await HouseholdSubjects.HouseholdKeysAsync(db, servedRequesters.Select(r => r.RequesterId).Distinct().ToList(), ct);
        var served = servedRequesters.Select(r => (r.CommunityId, keys.GetValueOrDefault(r.RequesterId, r.RequesterId))).Distinct().ToList();

        var needs = (await db.Needs.AsNoTracking()
            .Where(n => ids.Contains(n.CommunityId) && n.CreatedAt >= from && n.CreatedAt < to)
            .Select(n => new { n.CommunityId, n.Status, n.Category }).ToListAsync(ct)).Select(n => (n.CommunityId, n.Status, n.Category)).ToList();

        // Time to service: needs whose first verified service (check-in, or the staff's confirmation) falls in the period.
        var candidates = await db.Claims.AsNoTracking()
            .Where(c => c.Status == ClaimStatus.Verified && c.ReviewedAt >= from)
            .Join(db.Tasks.Where(t => ids.Contains(t.CommunityId) && t.NeedId != null), c => c.TaskId, t => t.Id, (c, t) => t.NeedId!.Value)
            .Distinct().ToListAsync(ct);
        var services = await db.Claims.AsNoTracking()
            .Where(c => c.Status == ClaimStatus.Verified)
            .Join(db.Tasks.Where(t => t.NeedId != null && candidates.Contains(t.NeedId.Value)), c => c.TaskId, t => t.Id,
                (c, t) => new { NeedId = t.NeedId!.Value, c.CheckedInAt, c.ReviewedAt })
            .Join(db.Needs, x => x.NeedId, n => n.Id, (x, n) => new { x.NeedId, n.CommunityId, n.CreatedAt, x.CheckedInAt, x.ReviewedAt })
            .ToListAsync(ct);
        var times = services.GroupBy(s => s.NeedId).Select(g =>
        {
            var first = g.Min(s => s.CheckedInAt ?? s.ReviewedAt!.Value);
            var need = g.First();
            return (need.CommunityId, First: first, Hours: Math.Max(0, (first - need.CreatedAt).TotalHours));
        }).Where(x => x.First >= from && x.First < to).Select(x => (x.CommunityId, x.Hours)).ToList();

        var stars = (await db.Claims.AsNoTracking()
            .Where(c => c.RatedAt >= from && c.RatedAt < to && c.RatingStars != null)
            .Join(db.Tasks.Where(t => ids.Contains(t.CommunityId)), c => c.TaskId, t => t.Id, (c, t) => new { t.CommunityId, Stars = c.RatingStars!.Value })
            .ToListAsync(ct)).Select(s => (s.CommunityId, s.Stars)).ToList();

        var needLevels = (await db.Needs.AsNoTracking()
            .Where(n => ids.Contains(n.CommunityId) && n.SatisfactionRatedAt >= from && n.SatisfactionRatedAt < to && n.Satisfaction != null)
            .Select(n => new { n.CommunityId, Level = n.Satisfaction!.Value }).ToListAsync(ct)).Select(n => (n.CommunityId, n.Level)).ToList();

        var surveyLevels = (await db.SurveyAnswers.AsNoTracking()
            .Where(a => a.AnsweredAt >= from && a.AnsweredAt < to)
            .Join(db.Surveys.Where(s => ids.Contains(s.CommunityId)), a => a.SurveyId, s => s.Id, (a, s) => new { s.CommunityId, a.Level })
            .ToListAsync(ct)).Select(a => (a.CommunityId, a.Level)).ToList();
        var surveys = await db.Surveys.AsNoTracking()
            .Where(s => ids.Contains(s.CommunityId) && s.OpensAt < to && s.ClosesAt > from).Select(s => s.CommunityId).ToListAsync(ct);

        return new Raw(totals, bonuses, households, served, needs, times, stars, needLevels, surveyLevels, surveys);
    }

    private static ScopeFigures Compute(Guid? communityId, string name, IReadOnlyCollection<Guid> ids, Raw raw)
    {
        bool In(Guid id) => ids.Contains(id);
        var totals = raw.Totals.Where(t => In(t.CommunityId)).ToList();
        var needs = raw.Needs.Where(n => In(n.CommunityId)).ToList();
        var stars = raw.Stars.Where(s => In(s.CommunityId)).Select(s => s.Stars).ToList();
        var times = raw.TimesToService.Where(t => In(t.CommunityId)).Select(t => t.Hours).ToList();
        var median = Figures.Median(times);
        return new ScopeFigures(
            communityId, name,
            ActiveVolunteers: totals.Where(t => t.Minutes > 0).Select(t => t.MemberId).Distinct().Count(),
            Households: ids.Sum(id => raw.Households.GetValueOrDefault(id)),
            HouseholdsServed: raw.Served.Where(s => In(s.CommunityId)).Select(s => s.HouseholdKey).Distinct().Count(),
            Minutes: totals.Sum(t => t.Minutes),
            Points: totals.Sum(t => t.Points),
            BonusPoints: raw.Bonuses.Where(b => In(b.CommunityId)).Sum(b => b.Amount),
            NeedsByState: Enum.GetValues<NeedStatus>().Select(s => (s, needs.Count(n => n.Status == s))).ToList(),
            NeedsByCategory: Enum.GetValues<TaskCategory>().Select(c => (c, needs.Count(n => n.Category == c))).Where(c => c.Item2 > 0).ToList(),
            NeedsServed: times.Count,
            MedianHoursToService: median is { } m ? Math.Round(m, 1) : null,
            Ratings: new StarFigures(stars.Count, stars.Count == 0 ? null : Math.Round((decimal)stars.Average(), 1),
                Enumerable.Range(1, 5).Select(s => stars.Count(x => x == s)).ToList()),
            NeedSatisfaction: SatisfactionTally.Of(raw.NeedLevels.Where(n => In(n.CommunityId)).Select(n => n.Level)),
            SurveySatisfaction: SatisfactionTally.Of(raw.SurveyLevels.Where(a => In(a.CommunityId)).Select(a => a.Level)),
            Surveys: raw.SurveyCommunities.Count(In));
    }
}
