using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Domain.Members;
using Volunteer.Domain.Points;
using Volunteer.Domain.Rankings;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Tests.Support;
using static Volunteer.Tests.Support.Activity;

namespace Volunteer.Tests.Jobs;

/// <summary>
/// The monthly ranking snapshot on each database: ties, empty communities, members who moved,
/// runs repeated, and the snapshot re-derived from the ledger. Each test works its own month.
/// </summary>
public abstract class MonthlyRankingTests(ApiFactory api)
{
    [Fact]
    public async Task Ties_share_a_rank_moved_members_count_where_they_earned_and_empty_communities_have_no_rows()
    {
        var period = new Period(2025, 3);
        var at = Cst(2025, 3, 15, 10);
        var a = await api.NewCommunityAsync();
        var b = await api.NewCommunityAsync(a.StreetId);
        var empty = await api.NewCommunityAsync(a.StreetId);
        var pioneer = await api.NewResidentAsync(a, partyMember: true, name: "李明");
        var neighbour = await api.NewResidentAsync(a, name: "张伟");
        var helper = await api.NewResidentAsync(a, name: "陈静");
        var mover = await api.NewResidentAsync(a, name: "刘洋");

        await api.EarnAsync(pioneer, a, 30, 60, at);
        await api.EarnAsync(neighbour, a, 30, 90, at);
        await api.EarnAsync(helper, a, 20, 120, at);
        await api.AdjustAsync(helper, a, -10, at);          // a correction counts in the month's points
        await api.EarnAsync(mover, a, 20, 30, at);
        await MoveAsync(mover, b);                          // moved mid-month: later service counts in b
        await api.EarnAsync(mover, b, 15, 45, at.AddDays(5));
        await api.EarnAsync(mover, b, 5, 0, at.AddDays(6), inGrid: false);

        var outcome = await api.RunAsync(JobName.MonthlyRanking, period);
        Assert.Equal(RunOutcomeKind.Ran, outcome.Kind);

        Assert.Equal(
            Sorted([(neighbour.Id, 30, 1), (pioneer.Id, 30, 1), (mover.Id, 20, 3), (helper.Id, 10, 4)]),
            Sorted(await RowsAsync(period, RankingScope.Community, a.CommunityId, RankingList.Everyone, RankingMetric.Points)));
        Assert.Equal([(pioneer.Id, 30, 1)],
            await RowsAsync(period, RankingScope.Community, a.CommunityId, RankingList.Party, RankingMetric.Points));
        Assert.Equal(
            [(neighbour.Id, 30, 1), (mover.Id, 20, 2), (helper.Id, 10, 3)],
            await RowsAsync(period, RankingScope.Community, a.CommunityId, RankingList.Residents, RankingMetric.Points));
        Assert.Equal(
            [(helper.Id, 120, 1), (neighbour.Id, 90, 2), (pioneer.Id, 60, 3), (mover.Id, 30, 4)],
            await RowsAsync(period, RankingScope.Community, a.CommunityId, RankingList.Everyone, RankingMetric.Hours));

        // In b only what the mover earned there; the grid ranking leaves out service not tied to a grid.
        Assert.Equal([(mover.Id, 20, 1)], await RowsAsync(period, RankingScope.Community, b.CommunityId, RankingList.Everyone, RankingMetric.Points));
        Assert.Equal([(mover.Id, 15, 1)], await RowsAsync(period, RankingScope.Grid, b.GridId, RankingList.Everyone, RankingMetric.Points));
        Assert.Equal([(mover.Id, 45, 1)], await RowsAsync(period, RankingScope.Grid, b.GridId, RankingList.Everyone, RankingMetric.Hours));

        // The street adds both places up.
        Assert.Equal(
            Sorted([(mover.Id, 40, 1), (neighbour.Id, 30, 2), (pioneer.Id, 30, 2), (helper.Id, 10, 4)]),
            Sorted(await RowsAsync(period, RankingScope.Street, a.StreetId, RankingList.Everyone, RankingMetric.Points)));

        Assert.Empty(await RowsAsync(period, RankingScope.Community, empty.CommunityId, RankingList.Everyone, RankingMetric.Points));
        Assert.Empty(await RowsAsync(period, RankingScope.Grid, empty.GridId, RankingList.Everyone, RankingMetric.Hours));
    }

    [Fact]
    public async Task Running_a_month_again_changes_nothing()
    {
        var period = new Period(2025, 4);
        var place = await api.NewCommunityAsync();
        var volunteer = await api.NewResidentAsync(place);
        await api.EarnAsync(volunteer, place, 12, 60, Cst(2025, 4, 2, 9));

        var first = await api.RunAsync(JobName.MonthlyRanking, period);
        // Other tests of this class may add activity to the same month: count this test's member only.
        var rows = await api.DbAsync(db => db.RankingEntries.CountAsync(e => e.Period == period.Key && e.MemberId == volunteer.Id));
        var second = await api.RunAsync(JobName.MonthlyRanking, period);
        var third = await api.RunAsync(JobName.MonthlyRanking, period, JobTrigger.Admin);

        Assert.Equal((RunOutcomeKind.Ran, RunOutcomeKind.AlreadyCompleted, RunOutcomeKind.AlreadyCompleted), (first.Kind, second.Kind, third.Kind));
        Assert.Equal(rows, await api.DbAsync(db => db.RankingEntries.CountAsync(e => e.Period == period.Key && e.MemberId == volunteer.Id)));
        // Grid, community and street, each with the everyone and residents lists, by points and by hours.
        Assert.Equal(3 * 2 * 2, rows);
        var run = (await api.RunOfAsync(JobName.MonthlyRanking, period))!;
        Assert.Equal((JobRunStatus.Completed, 1, JobTrigger.Schedule), (run.Status, run.Attempts, run.Trigger));
        var all = await api.DbAsync(db => db.RankingEntries.CountAsync(e => e.Period == period.Key));
        Assert.Equal($"排行记录 {all} 条", run.Summary);
    }

    [Fact]
    public async Task The_snapshot_is_what_the_ledger_gives_for_the_month()
    {
        var period = new Period(2025, 5);
        var a = await api.NewCommunityAsync();
        var b = await api.NewCommunityAsync(a.StreetId);
        var members = new List<Person>();
        for (var i = 0; i < 12; i++)
            members.Add(await api.NewResidentAsync(i % 2 == 0 ? a : b, partyMember: i % 3 == 0));
        var random = new Random(2025_05);
        foreach (var member in members)
            for (var n = 0; n < 3; n++)
                await api.EarnAsync(member, random.Next(2) == 0 ? a : b, random.Next(1, 6) * 5, random.Next(0, 4) * 30,
                    Cst(2025, 5, 1 + random.Next(28), random.Next(24)), inGrid: random.Next(4) > 0);
        // Activity just outside the month does not belong to it.
        await api.EarnAsync(members[0], a, 50, 50, Cst(2025, 4, 30, 23, 59));
        await api.EarnAsync(members[1], a, 50, 50, Cst(2025, 6, 1, 0, 0));

        await api.RunAsync(JobName.MonthlyRanking, period);

        var ledger = await api.DbAsync(async db => await (
                from e in db.LedgerEntries
                join c in db.Communities on e.CommunityId equals c.Id
                join m in db.Members on e.MemberId equals m.Id
                where e.Period == period.Key && (e.Kind == LedgerEntryKind.Earn || e.Kind == LedgerEntryKind.Adjust)
                select new { e.MemberId, CommunityId = c.Id, c.StreetId, e.GridId, e.Amount, e.Minutes, Party = m.PartyStatus == PartyStatus.Confirmed })
            .ToListAsync());
        var snapshot = await api.DbAsync(db => db.RankingEntries.AsNoTracking().Where(e => e.Period == period.Key).ToListAsync());

        var expected = new List<(RankingScope, Guid, RankingList, RankingMetric, Guid, int, int)>();
        foreach (var scope in Enum.GetValues<RankingScope>())
        {
            var byPlace = ledger
                .Where(e => scope != RankingScope.Grid || e.GridId is not null)
                .GroupBy(e => scope switch
                {
                    RankingScope.Grid => e.GridId!.Value,
                    RankingScope.Community => e.CommunityId,
                    _ => e.StreetId,
                });
            foreach (var place in byPlace)
            {
                var perMember = place.GroupBy(e => e.MemberId)
                    .Select(g => (Member: g.Key, Party: g.First().Party, Points: g.Sum(e => e.Amount), Minutes: g.Sum(e => e.Minutes))).ToList();
                foreach (var list in Enum.GetValues<RankingList>())
                {
                    var listed = perMember.Where(m => list == RankingList.Everyone || Ranking.ListOf(m.Party) == list).ToList();
                    foreach (var (member, value, rank) in Ranking.Rank(listed.Select(m => (m.Member, m.Points))))
                        expected.Add((scope, place.Key, list, RankingMetric.Points, member, value, rank));
                    foreach (var (member, value, rank) in Ranking.Rank(listed.Select(m => (m.Member, m.Minutes))))
                        expected.Add((scope, place.Key, list, RankingMetric.Hours, member, value, rank));
                }
            }
        }

        Assert.NotEmpty(expected);
        Assert.Equal(
            expected.OrderBy(e => e.ToString()).ToList(),
            snapshot.Select(e => (e.Scope, e.ScopeId, e.List, e.Metric, e.MemberId, e.Value, e.Rank)).OrderBy(e => e.ToString()).ToList());
    }

    private Task MoveAsync(Person member, Place to) => api.DbAsync(async db =>
    {
        var tracked = await db.Members.SingleAsync(m => m.Id == member.Id);
        tracked.MoveTo(await db.Communities.FindAsync(to.CommunityId), await db.Grids.FindAsync(to.GridId));
        await db.SaveChangesAsync();
    });

    private Task<List<(Guid, int, int)>> RowsAsync(Period period, RankingScope scope, Guid scopeId, RankingList list, RankingMetric metric) =>
        api.DbAsync(async db => (await db.RankingEntries.AsNoTracking()
                .Where(e => e.Period == period.Key && e.Scope == scope && e.ScopeId == scopeId && e.List == list && e.Metric == metric)
                .OrderBy(e => e.Rank).ToListAsync())
            .Select(e => (e.MemberId, e.Value, e.Rank)).ToList());

    private static List<(Guid, int, int)> Sorted(List<(Guid Member, int Value, int Rank)> rows) =>
        rows.OrderBy(r => r.Rank).ThenBy(r => r.Member).ToList();
}

public sealed class MonthlyRankingOnPostgres(PostgresApi api) : MonthlyRankingTests(api), IClassFixture<PostgresApi>;

public sealed class MonthlyRankingOnSqlite(SqliteApi api) : MonthlyRankingTests(api), IClassFixture<SqliteApi>;
