using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Domain.Rankings;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Tests.Support;
using static Volunteer.Tests.Support.Activity;

namespace Volunteer.Tests.Jobs;

/// <summary>
/// Which months are due, as the clock moves: month end, year end, an outage caught up oldest first,
/// a failed month retried before later ones. Each test has a database of its own, because which
/// months are due depends on everything in it.
/// </summary>
public abstract class MonthlyScheduleTests
{
    protected abstract ApiFactory NewApi();

    [Fact]
    public async Task Crossing_a_month_end_and_a_year_end_runs_each_ended_month_once_from_01_00_china_time()
    {
        await using var api = await StartAsync();
        var place = await api.NewCommunityAsync();
        var member = await api.NewResidentAsync(place);
        await api.EarnAsync(member, place, 10, 60, Cst(2026, 10, 31, 23, 30));
        await api.EarnAsync(member, place, 20, 60, Cst(2026, 11, 1, 0, 10));
        await api.EarnAsync(member, place, 30, 60, Cst(2026, 12, 31, 23, 59));
        await api.EarnAsync(member, place, 40, 60, Cst(2027, 1, 1, 0, 0));

        api.Clock.Set(Cst(2026, 10, 31, 23, 59));
        Assert.Empty(await api.RunDueJobsAsync());
        api.Clock.Set(Cst(2026, 11, 1, 0, 59));
        Assert.Empty(await api.RunDueJobsAsync());

        api.Clock.Set(Cst(2026, 11, 1, 1, 0));
        Assert.Equal(Ran(new Period(2026, 10)), Describe(await api.RunDueJobsAsync()));
        Assert.Empty(await api.RunDueJobsAsync());
        api.Clock.Set(Cst(2026, 11, 15, 12, 0));
        Assert.Empty(await api.RunDueJobsAsync());

        api.Clock.Set(Cst(2027, 1, 1, 0, 30));
        Assert.Equal(Ran(new Period(2026, 11)), Describe(await api.RunDueJobsAsync()));
        api.Clock.Set(Cst(2027, 1, 1, 1, 0));
        Assert.Equal(Ran(new Period(2026, 12)), Describe(await api.RunDueJobsAsync()));
        Assert.Empty(await api.RunDueJobsAsync());

        var runs = await api.DbAsync(db => db.JobRuns.AsNoTracking().ToListAsync());
        Assert.Equal(3 * JobNames.InOrder.Count, runs.Count);
        Assert.All(runs, r => Assert.Equal((JobRunStatus.Completed, 1), (r.Status, r.Attempts)));
        Assert.Equal([202610, 202611, 202612], runs.Select(r => r.Period).Distinct().Order().ToList());
        Assert.Equal([(202610, 10), (202611, 20), (202612, 30)], await TopOfCommunityAsync(api, place));
    }

    [Fact]
    public async Task After_a_three_month_outage_the_start_up_catch_up_works_the_missed_months_oldest_first()
    {
        await using var api = await StartAsync();
        var place = await api.NewCommunityAsync();
        var member = await api.NewResidentAsync(place, partyMember: true);
        await api.EarnAsync(member, place, 10, 60, Cst(2025, 12, 10, 10));
        await api.EarnAsync(member, place, 11, 60, Cst(2026, 1, 10, 10));
        await api.EarnAsync(member, place, 12, 60, Cst(2026, 2, 10, 10));
        await api.EarnAsync(member, place, 13, 60, Cst(2026, 3, 10, 10));
        api.Clock.Set(Cst(2026, 1, 1, 1, 5));
        Assert.Equal(Ran(new Period(2025, 12)), Describe(await api.RunDueJobsAsync()));

        // Down from mid-January to April: the runs of 1 February, 1 March and 1 April never happened.
        api.Clock.Set(Cst(2026, 4, 2, 9, 30));
        var caughtUp = await api.RunDueJobsAsync(JobTrigger.Startup);

        Assert.Equal([.. Ran(new Period(2026, 1)), .. Ran(new Period(2026, 2)), .. Ran(new Period(2026, 3))], Describe(caughtUp));
        Assert.Equal([new Period(2025, 12), new Period(2026, 1), new Period(2026, 2), new Period(2026, 3)],
            api.Runs.Steps.Where(s => s.Job == JobName.MonthlyRanking).Select(s => s.Period).Distinct().ToList());
        Assert.Equal([(202512, 10), (202601, 11), (202602, 12), (202603, 13)], await TopOfCommunityAsync(api, place));
        Assert.All(caughtUp, o => Assert.Equal(JobTrigger.Startup, o.Run!.Trigger));
        Assert.Empty(await api.RunDueJobsAsync());
    }

    [Fact]
    public async Task A_month_that_fails_is_retried_at_the_next_firing_before_any_later_month_of_that_job()
    {
        await using var api = await StartAsync();
        var place = await api.NewCommunityAsync();
        var member = await api.NewResidentAsync(place);
        await api.EarnAsync(member, place, 5, 60, Cst(2026, 5, 10, 10));
        await api.EarnAsync(member, place, 6, 60, Cst(2026, 6, 10, 10));
        api.Clock.Set(Cst(2026, 7, 1, 1, 0));
        var may = new Period(2026, 5);
        var june = new Period(2026, 6);

        api.Runs.FailAfter((job, period, _) => job == JobName.MonthlyRanking && period == may);
        var first = Describe(await api.RunDueJobsAsync());
        api.Runs.Heal();

        // May's ranking failed: its recognition and June's ranking wait; the report, which needs neither, goes on.
        Assert.Equal([(JobName.MonthlyRanking, may, RunOutcomeKind.Failed), (JobName.DualEvaluation, may, RunOutcomeKind.Ran),
            (JobName.LedgerRoot, may, RunOutcomeKind.Ran), (JobName.DualEvaluation, june, RunOutcomeKind.Ran),
            (JobName.LedgerRoot, june, RunOutcomeKind.Ran)], first);

        api.Clock.Set(Cst(2026, 7, 1, 2, 7));
        Assert.Equal([(JobName.MonthlyRanking, may, RunOutcomeKind.Ran), (JobName.Recognition, may, RunOutcomeKind.Ran),
            (JobName.MonthlyRanking, june, RunOutcomeKind.Ran), (JobName.Recognition, june, RunOutcomeKind.Ran)], Describe(await api.RunDueJobsAsync()));
        Assert.Equal(2, (await api.RunOfAsync(JobName.MonthlyRanking, may))!.Attempts);
    }

    private async Task<ApiFactory> StartAsync()
    {
        var api = NewApi();
        await api.InitializeAsync();
        api.EnsureAvailable();
        return api;
    }

    private static List<(JobName, Period, RunOutcomeKind)> Ran(Period period) =>
        JobNames.InOrder.Select(job => (job, period, RunOutcomeKind.Ran)).ToList();

    private static List<(JobName, Period, RunOutcomeKind)> Describe(IEnumerable<RunOutcome> outcomes) =>
        outcomes.Select(o => (o.Job, o.Period, o.Kind)).ToList();

    private static Task<List<(int, int)>> TopOfCommunityAsync(ApiFactory api, Place place) => api.DbAsync(async db =>
        (await db.RankingEntries.AsNoTracking()
            .Where(e => e.Scope == RankingScope.Community && e.ScopeId == place.CommunityId && e.List == RankingList.Everyone
                && e.Metric == RankingMetric.Points && e.Rank == 1)
            .OrderBy(e => e.Period).ToListAsync())
        .Select(e => (e.Period, e.Value)).ToList());
}

public sealed class MonthlyScheduleOnPostgres : MonthlyScheduleTests
{
    protected override ApiFactory NewApi() => new PostgresApi();
}

public sealed class MonthlyScheduleOnSqlite : MonthlyScheduleTests
{
    protected override ApiFactory NewApi() => new SqliteApi();
}
