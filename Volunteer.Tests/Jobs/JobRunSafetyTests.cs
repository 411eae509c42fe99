using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Domain.Points;
using Volunteer.Domain.Rankings;
using Volunteer.Domain.Recognition;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Infrastructure.Recognition;
using Volunteer.Tests.Support;
using static Volunteer.Tests.Support.Activity;

namespace Volunteer.Tests.Jobs;

/// <summary>
/// A run is all or nothing: a crash half-way leaves no partial snapshot and no half-paid bonuses,
/// and the next attempt completes it; a run abandoned by a dead process is taken over after its lease.
/// </summary>
public abstract class JobRunSafetyTests(ApiFactory api)
{
    [Fact]
    public async Task A_ranking_that_crashes_before_it_commits_leaves_nothing_and_the_next_run_completes_it()
    {
        var period = new Period(2024, 1);
        var place = await api.NewCommunityAsync();
        await api.EarnAsync(await api.NewResidentAsync(place), place, 10, 30, Cst(2024, 1, 5, 10));
        await api.EarnAsync(await api.NewResidentAsync(place, partyMember: true), place, 20, 60, Cst(2024, 1, 6, 10));

        api.Runs.FailAfter((job, p, step) => job == JobName.MonthlyRanking && p == period && step == "snapshot");
        var crashed = await api.RunAsync(JobName.MonthlyRanking, period);
        api.Runs.Heal();

        Assert.Equal(RunOutcomeKind.Failed, crashed.Kind);
        Assert.IsType<SimulatedCrashException>(crashed.Error);
        Assert.Equal(0, await RowsAsync(period));
        var failed = (await api.RunOfAsync(JobName.MonthlyRanking, period))!;
        Assert.Equal((JobRunStatus.Failed, 1), (failed.Status, failed.Attempts));
        Assert.Contains("Simulated crash", failed.Error);

        var retried = await api.RunAsync(JobName.MonthlyRanking, period);

        Assert.Equal(RunOutcomeKind.Ran, retried.Kind);
        var run = (await api.RunOfAsync(JobName.MonthlyRanking, period))!;
        Assert.Equal((JobRunStatus.Completed, 2, null), (run.Status, run.Attempts, run.Error));
        // Three scopes × (everyone + the member's own list) × two metrics, for two members.
        Assert.Equal(3 * 2 * 2 * 2, await RowsAsync(period));
    }

    [Fact]
    public async Task Recognition_that_crashes_after_paying_a_bonus_pays_nobody_and_the_next_run_pays_each_winner_once()
    {
        var period = new Period(2024, 2);
        var place = await api.NewCommunityAsync();
        await api.UseAsync<SetHonorSettings, HonorSettings>(u =>
            u.ExecuteAsync(place.Staff.ToActor(), place.CommunityId, true, 3, 10, false, default));
        var winners = new List<Person>();
        for (var i = 0; i < 3; i++)
        {
            winners.Add(await api.NewResidentAsync(place));
            await api.EarnAsync(winners[i], place, 30 - i, 60, Cst(2024, 2, 10, 9));
        }
        await api.RunAsync(JobName.MonthlyRanking, period);

        api.Runs.FailAfter((job, p, step) => job == JobName.Recognition && p == period && step.StartsWith("honor:", StringComparison.Ordinal));
        var crashed = await api.RunAsync(JobName.Recognition, period);
        api.Runs.Heal();

        Assert.Equal(RunOutcomeKind.Failed, crashed.Kind);
        Assert.Equal(0, await api.DbAsync(db => db.Honors.CountAsync(h => h.Period == period.Key)));
        Assert.Equal([30, 29, 28], await BalancesAsync(winners));
        Assert.Equal(0, await BonusEntriesAsync(winners));

        Assert.Equal(RunOutcomeKind.Ran, (await api.RunAsync(JobName.Recognition, period)).Kind);
        Assert.Equal(RunOutcomeKind.AlreadyCompleted, (await api.RunAsync(JobName.Recognition, period)).Kind);

        Assert.Equal(3, await api.DbAsync(db => db.Honors.CountAsync(h => h.Period == period.Key)));
        Assert.Equal([40, 39, 38], await BalancesAsync(winners));
        Assert.Equal(3, await BonusEntriesAsync(winners));
    }

    [Fact]
    public async Task A_run_left_running_by_a_dead_process_is_taken_over_once_its_lease_has_passed()
    {
        var period = new Period(2024, 3);
        var place = await api.NewCommunityAsync();
        await api.EarnAsync(await api.NewResidentAsync(place), place, 10, 30, Cst(2024, 3, 5, 10));
        // What a process leaves when it dies after claiming the run: the claim, and nothing else.
        await api.DbAsync(async db =>
        {
            db.JobRuns.Add(JobRun.Start(JobName.MonthlyRanking, period, JobTrigger.Schedule, null, api.Clock.GetUtcNow(), TimeSpan.FromMinutes(30)));
            await db.SaveChangesAsync();
        });

        var meanwhile = await api.RunAsync(JobName.MonthlyRanking, period);
        Assert.Equal(RunOutcomeKind.InProgress, meanwhile.Kind);
        Assert.Equal(0, await RowsAsync(period));

        api.Clock.Advance(TimeSpan.FromMinutes(31));
        var takenOver = await api.RunAsync(JobName.MonthlyRanking, period, JobTrigger.Startup);

        Assert.Equal(RunOutcomeKind.Ran, takenOver.Kind);
        Assert.Equal((JobRunStatus.Completed, 2, JobTrigger.Startup), (takenOver.Run!.Status, takenOver.Run.Attempts, takenOver.Run.Trigger));
        Assert.Equal(3 * 2 * 2, await RowsAsync(period));
    }

    protected Task<int> RowsAsync(Period period) => api.DbAsync(db => db.RankingEntries.CountAsync(e => e.Period == period.Key));

    protected Task<List<int>> BalancesAsync(IEnumerable<Person> people) => api.DbAsync(async db =>
    {
        var balances = new List<int>();
        foreach (var person in people)
            balances.Add(await db.PointsAccounts.Where(p => p.MemberId == person.Id).Select(p => p.Balance).SingleAsync());
        return balances;
    });

    protected Task<int> BonusEntriesAsync(IEnumerable<Person> people)
    {
        var ids = people.Select(p => p.Id).ToList();
        return api.DbAsync(db => db.LedgerEntries.CountAsync(e => e.Kind == LedgerEntryKind.Bonus && ids.Contains(e.MemberId)));
    }
}

public sealed class JobRunSafetyOnPostgres(PostgresApi api) : JobRunSafetyTests(api), IClassFixture<PostgresApi>
{
    [Fact]
    public async Task Many_runs_of_the_same_month_at_once_compute_it_once_and_pay_each_bonus_once()
    {
        var period = new Period(2024, 4);
        var place = await api.NewCommunityAsync();
        await api.UseAsync<SetHonorSettings, HonorSettings>(u =>
            u.ExecuteAsync(place.Staff.ToActor(), place.CommunityId, true, 3, 5, true, default));
        var members = new List<Person>();
        for (var i = 0; i < 6; i++)
        {
            members.Add(await api.NewResidentAsync(place, partyMember: i % 2 == 0));
            await api.EarnAsync(members[i], place, 10 * (i + 1), 15 * i, Cst(2024, 4, 1 + i, 20));
        }

        using var start = new SemaphoreSlim(0);
        var racers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await start.WaitAsync();
            var ranking = await api.RunAsync(JobName.MonthlyRanking, period);
            var recognition = ranking.Kind is RunOutcomeKind.Ran or RunOutcomeKind.AlreadyCompleted
                ? await api.RunAsync(JobName.Recognition, period)
                : null;
            return (ranking.Kind, recognition?.Kind);
        })).ToList();
        start.Release(racers.Count);
        var outcomes = await Task.WhenAll(racers);

        Assert.Equal(1, outcomes.Count(o => o.Item1 == RunOutcomeKind.Ran));
        Assert.Equal(1, outcomes.Count(o => o.Item2 == RunOutcomeKind.Ran));
        Assert.DoesNotContain(outcomes, o => o.Item1 == RunOutcomeKind.Failed || o.Item2 == RunOutcomeKind.Failed);
        Assert.Equal(1, (await api.RunOfAsync(JobName.MonthlyRanking, period))!.Attempts);
        Assert.Equal(1, (await api.RunOfAsync(JobName.Recognition, period))!.Attempts);

        // Three scopes × two lists × (six by points + five by hours: the first served no time).
        Assert.Equal(3 * 2 * (6 + 5), await RowsAsync(period));
        // The top three overall and the three party members: six honours, one bonus each.
        Assert.Equal(6, await api.DbAsync(db => db.Honors.CountAsync(h => h.Period == period.Key)));
        Assert.Equal(6, await BonusEntriesAsync(members));
    }
}

public sealed class JobRunSafetyOnSqlite(SqliteApi api) : JobRunSafetyTests(api), IClassFixture<SqliteApi>;
