using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Common;
using Volunteer.Domain.Privacy;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Reports;

/// <summary>The rules staff review a month by (异常线索). Each finding is a lead to check, not a verdict.</summary>
public static class AnomalyRules
{
    /// <summary>The claim was verified by a staff account linked to the volunteer: the account that registered them, or one with their name.</summary>
    public const string LinkedVerifier = "linkedVerifier";
    /// <summary>Check-in to check-out shorter than a minute, or longer than the task lasts.</summary>
    public const string ImplausibleDuration = "implausibleDuration";
    /// <summary>The same requester and volunteer far more often than the community's pairs usually meet.</summary>
    public const string FrequentPair = "frequentPair";
    /// <summary>A member's points in the month far above the rest of the community.</summary>
    public const string OutlierPoints = "outlierPoints";
    /// <summary>One device, or one client address, signed in many members in the month.</summary>
    public const string SharedSignIn = "sharedSignIn";

    public static readonly TimeSpan MinimumService = TimeSpan.FromMinutes(1);
    public const int PairMinimum = 3;
    public const int PairTimesMedian = 3;
    public const int OutlierMinimumMembers = 4;
}

/// <summary>Configuration section <c>Anomalies</c>: thresholds of the rules that are a matter of local judgement.</summary>
public sealed class AnomalyOptions
{
    public const string Section = "Anomalies";

    /// <summary>How many different members one device or one address must sign in during a month to be a finding.</summary>
    public int SharedSignInMembers { get; set; } = 5;
}

/// <param name="Rule">Which rule (see <see cref="AnomalyRules"/>).</param>
/// <param name="ClaimIds">The claims to look at; empty for findings about monthly totals and sign-ins.</param>
public sealed record AnomalyFinding(string Rule, Guid CommunityId, Guid? MemberId, IReadOnlyList<Guid> ClaimIds, string What)
{
    /// <summary>The members a finding is about when it is about several (sharedSignIn); empty otherwise.</summary>
    public IReadOnlyList<Guid> MemberIds { get; init; } = [];
}

/// <summary>
/// A month's anomalies in the communities the caller manages (staff: theirs; street admins: their
/// street's; platform admins: all). Reads only.
/// </summary>
public sealed class FindAnomalies(VolunteerDbContext db, IOptions<AnomalyOptions> options) : IUseCase
{
    public async Task<IReadOnlyList<AnomalyFinding>> ExecuteAsync(Actor actor, Period period, CancellationToken ct)
    {
        actor.EnsureStaffOrAdmin();
        var managed = db.ManagedCommunityIds(actor);
        var (start, end) = (period.StartsAt, period.EndsAt);
        var query = from c in db.Claims
                    join t in db.Tasks on c.TaskId equals t.Id
                    where c.Status == ClaimStatus.Verified && c.MemberId != null && c.ReviewedAt >= start && c.ReviewedAt < end
                    select new
                    {
                        c.Id, MemberId = c.MemberId!.Value, c.ReviewedByAccountId, c.CheckedInAt, c.CheckedOutAt,
                        t.CommunityId, t.StartsAt, t.EndsAt, t.RequesterId,
                    };
        if (managed is not null)
            query = query.Where(x => managed.Contains(x.CommunityId));
        var claims = await query.AsNoTracking().ToListAsync(ct);
        var findings = new List<AnomalyFinding>();

        // Linked verifier.
        var memberIds = claims.Select(c => c.MemberId).Distinct().ToList();
        var reviewerIds = claims.Where(c => c.ReviewedByAccountId != null).Select(c => c.ReviewedByAccountId!.Value).Distinct().ToList();
        var members = await db.Members.AsNoTracking().Where(m => memberIds.Contains(m.Id))
            .Select(m => new { m.Id, m.Name, m.RegisteredByAccountId, m.ErasedAt }).ToDictionaryAsync(m => m.Id, ct);
        var reviewers = await db.Accounts.AsNoTracking().Where(a => reviewerIds.Contains(a.Id))
            .Select(a => new { a.Id, a.DisplayName }).ToDictionaryAsync(a => a.Id, a => a.DisplayName, ct);
        foreach (var c in claims)
        {
            if (c.ReviewedByAccountId is not { } reviewer || !members.TryGetValue(c.MemberId, out var m))
                continue;
            var sameName = m.ErasedAt is null && reviewers.TryGetValue(reviewer, out var name) && name == m.Name;
            if (m.RegisteredByAccountId == reviewer || sameName)
                findings.Add(new AnomalyFinding(AnomalyRules.LinkedVerifier, c.CommunityId, c.MemberId, [c.Id],
                    sameName ? "核验账号与志愿者同名" : "核验账号即为该志愿者建档的账号"));
        }

        // Implausible duration.
        foreach (var c in claims.Where(c => c.CheckedInAt is not null && c.CheckedOutAt is not null))
        {
            var served = c.CheckedOutAt!.Value - c.CheckedInAt!.Value;
            if (served < AnomalyRules.MinimumService)
                findings.Add(new AnomalyFinding(AnomalyRules.ImplausibleDuration, c.CommunityId, c.MemberId, [c.Id],
                    $"签到到签退仅 {served.TotalSeconds:0} 秒"));
            else if (served > c.EndsAt - c.StartsAt)
                findings.Add(new AnomalyFinding(AnomalyRules.ImplausibleDuration, c.CommunityId, c.MemberId, [c.Id],
                    $"签到到签退 {served.TotalMinutes:0} 分钟，超过任务时长 {(c.EndsAt - c.StartsAt).TotalMinutes:0} 分钟"));
        }

        // Frequent requester–volunteer pair.
        foreach (var community in claims.Where(c => c.RequesterId is not null).GroupBy(c => c.CommunityId))
        {
            var pairs = community.GroupBy(c => (Requester: c.RequesterId!.Value, c.MemberId)).ToList();
            var median = Median(pairs.Select(p => (double)p.Count()).ToList());
            foreach (var pair in pairs)
                if (pair.Count() >= AnomalyRules.PairMinimum && pair.Count() >= AnomalyRules.PairTimesMedian * median)
                    findings.Add(new AnomalyFinding(AnomalyRules.FrequentPair, community.Key, pair.Key.MemberId, pair.Select(c => c.Id).ToList(),
                        $"同一需求人与该志愿者本月配对 {pair.Count()} 次，本社区中位数 {median:0.#} 次（需求人 {pair.Key.Requester}）"));
        }

        // Outlier points (Tukey's far-out fence, and at least twice the median).
        var key = period.Key;
        var totals = db.MonthlyTotals.AsNoTracking().Where(t => t.Period == key);
        if (managed is not null)
            totals = totals.Where(t => managed.Contains(t.CommunityId));
        var sums = await totals.GroupBy(t => new { t.CommunityId, t.MemberId })
            .Select(g => new { g.Key.CommunityId, g.Key.MemberId, Points = g.Sum(t => t.Points) }).ToListAsync(ct);
        foreach (var community in sums.Where(s => s.Points > 0).GroupBy(s => s.CommunityId))
        {
            var points = community.Select(s => (double)s.Points).Order().ToList();
            if (points.Count < AnomalyRules.OutlierMinimumMembers)
                continue;
            var (q1, median, q3) = (Quantile(points, 0.25), Median(points), Quantile(points, 0.75));
            var fence = q3 + 3 * (q3 - q1);
            foreach (var s in community.Where(s => s.Points > fence && s.Points >= 2 * median))
                findings.Add(new AnomalyFinding(AnomalyRules.OutlierPoints, community.Key, s.MemberId, [],
                    $"本月积分 {s.Points}，本社区中位数 {median:0.#}，上四分位 {q3:0.#}"));
        }
        findings.AddRange(await SharedSignInsAsync(managed, start, end, ct));
        return findings;
    }

    /// <summary>
    /// One device (hashed id the mini-program sent) or one client address (hashed) that signed in at
    /// least <see cref="AnomalyOptions.SharedSignInMembers"/> different members of the caller's
    /// communities in the month. The finding names the members and, for an address, its network only.
    /// </summary>
    private async Task<IEnumerable<AnomalyFinding>> SharedSignInsAsync(IQueryable<Guid>? managed, DateTimeOffset start, DateTimeOffset end,
        CancellationToken ct)
    {
        var threshold = Math.Max(2, options.Value.SharedSignInMembers);
        var query = from r in db.Set<SignInRecord>()
                    join m in db.Members on r.MemberId equals m.Id
                    where r.At >= start && r.At < end && m.CommunityId != null
                    select new { r.MemberId, CommunityId = m.CommunityId!.Value, r.AddressHash, r.Network, r.DeviceHash };
        if (managed is not null)
            query = query.Where(x => managed.Contains(x.CommunityId));
        var signIns = await query.AsNoTracking().Distinct().ToListAsync(ct);

        AnomalyFinding? Finding<TKey>(IGrouping<TKey, (Guid MemberId, Guid CommunityId, string? Network)> group, Func<int, string?, string> what)
        {
            var members = group.Select(x => x.MemberId).Distinct().Order().ToList();
            if (members.Count < threshold)
                return null;
            var community = group.GroupBy(x => x.CommunityId).OrderByDescending(c => c.Select(x => x.MemberId).Distinct().Count())
                .ThenBy(c => c.Key).First().Key;
            return new AnomalyFinding(AnomalyRules.SharedSignIn, community, null, [], what(members.Count, group.First().Network))
            {
                MemberIds = members,
            };
        }

        var byDevice = signIns.Where(x => x.DeviceHash != null)
            .GroupBy(x => x.DeviceHash!, x => (x.MemberId, x.CommunityId, (string?)x.Network))
            .Select(g => Finding(g, (count, _) => $"同一设备本月登录了 {count} 位居民的账号"));
        var byAddress = signIns.Where(x => x.AddressHash != null)
            .GroupBy(x => x.AddressHash!, x => (x.MemberId, x.CommunityId, (string?)x.Network))
            .Select(g => Finding(g, (count, network) => $"同一网络地址（{network} 网段）本月登录了 {count} 位居民的账号"));
        return byDevice.Concat(byAddress).OfType<AnomalyFinding>().ToList();
    }

    private static double Median(List<double> values) => Quantile(values.Order().ToList(), 0.5);

    private static double Quantile(List<double> sorted, double q)
    {
        if (sorted.Count == 0)
            return 0;
        var position = (sorted.Count - 1) * q;
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }
}
