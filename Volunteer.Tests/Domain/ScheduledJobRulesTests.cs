using Hangfire;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.Storage;
using Volunteer.Api.Http;
using Volunteer.Api.Reports;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Domain.Rankings;
using Volunteer.Domain.Recognition;
using Volunteer.Domain.Reports;
using Volunteer.Infrastructure.Jobs;
using static Volunteer.Tests.Support.Activity;

namespace Volunteer.Tests.Domain;

/// <summary>The rules of the monthly jobs, without a database.</summary>
public sealed class ScheduledJobRulesTests
{
    public static TheoryData<DateTimeOffset, string> Instants => new()
    {
        { Cst(2026, 10, 31, 23, 59), "2026-09" },
        { Cst(2026, 11, 1, 0, 59), "2026-09" },
        { Cst(2026, 11, 1, 1, 0), "2026-10" },
        { new DateTimeOffset(2026, 10, 31, 16, 59, 59, TimeSpan.Zero), "2026-09" },  // 00:59:59 in China, given in UTC
        { Cst(2026, 12, 31, 23, 59), "2026-11" },
        { Cst(2027, 1, 1, 0, 59), "2026-11" },
        { Cst(2027, 1, 1, 1, 0), "2026-12" },
        { Cst(2027, 2, 1, 1, 0), "2027-01" },
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public void A_month_is_due_from_01_00_china_time_on_the_first_of_the_next(DateTimeOffset now, string latest)
    {
        Assert.Equal(latest, MonthlySchedule.LatestDue(now).ToString());
        Assert.True(MonthlySchedule.IsDue(MonthlySchedule.LatestDue(now), now));
        Assert.False(MonthlySchedule.IsDue(MonthlySchedule.LatestDue(now).Next(), now));
    }

    [Fact]
    public void The_monthly_schedule_fires_at_01_00_china_time_on_the_first_including_new_year()
    {
        var fires = new List<DateTimeOffset>();
        for (var at = Cst(2026, 10, 15); fires.Count < 4; at = fires[^1])
            fires.Add(NextFiring(JobSchedule.AtCron(new JobOptions().MonthlyCron), at));
        Assert.Equal([Cst(2026, 11, 1, 1), Cst(2026, 12, 1, 1), Cst(2027, 1, 1, 1), Cst(2027, 2, 1, 1)], fires);
        Assert.All(fires, f => Assert.Equal(MonthlySchedule.LatestDue(f), Period.Of(f).Previous()));
    }

    [Fact]
    public void The_catch_up_fires_hourly_and_the_expiry_sweeps_every_five_minutes()
    {
        var options = new JobOptions();
        Assert.Equal(Cst(2026, 11, 1, 2, 7), NextFiring(JobSchedule.AtCron(options.RetryCron), Cst(2026, 11, 1, 1, 7)));
        Assert.Equal(Cst(2026, 11, 1, 1, 5), NextFiring(JobSchedule.Every(options.ExpiryInterval), Cst(2026, 11, 1, 1, 0)));
        Assert.Equal("*/30 * * * * *", JobSchedule.Every(TimeSpan.FromSeconds(30)).Cron);
        Assert.Equal("0 0 */2 * * *", JobSchedule.Every(TimeSpan.FromHours(2)).Cron);
        Assert.False(JobSchedule.TryEvery(TimeSpan.FromMinutes(7), out _));
        Assert.Contains(new JobOptions { ExpiryInterval = TimeSpan.FromMinutes(7) }.Problems(), p => p.Contains("Jobs:ExpiryInterval"));
    }

    /// <summary>The next firing after <paramref name="after"/>, as Hangfire computes it for a recurring job in China Standard Time.</summary>
    private static DateTimeOffset NextFiring(JobSchedule schedule, DateTimeOffset after)
    {
        using var storage = new InMemoryStorage();
        var now = after.UtcDateTime.AddSeconds(1);
        var manager = new RecurringJobManager(storage, JobFilterProviders.Providers, new ChinaTimeZoneResolver(), () => now);
        manager.AddOrUpdate<RecurringJobRunner>("job", r => r.RunAsync("job", CancellationToken.None), schedule.Cron,
            new RecurringJobOptions { TimeZone = Scheduling.ChinaTimeZone });
        using var connection = storage.GetConnection();
        var next = connection.GetRecurringJobs().Single().NextExecution!.Value;
        return new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc));
    }

    [Fact]
    public void The_catch_up_window_starts_at_the_first_activity_or_the_configured_month_and_is_bounded()
    {
        var now = Cst(2026, 4, 2, 9);
        Assert.Empty(MonthlySchedule.Window(now, firstActivity: null, configuredFirst: null, maxMonths: 24));
        Assert.Empty(MonthlySchedule.Window(now, new Period(2026, 4), null, 24));
        Assert.Equal(["2026-01", "2026-02", "2026-03"], Texts(MonthlySchedule.Window(now, new Period(2026, 1), null, 24)));
        Assert.Equal(["2026-02", "2026-03"], Texts(MonthlySchedule.Window(now, new Period(2025, 6), new Period(2026, 2), 24)));
        Assert.Equal(["2025-12", "2026-01", "2026-02", "2026-03"], Texts(MonthlySchedule.Window(now, new Period(2020, 1), null, 4)));
        Assert.Equal(24, MonthlySchedule.Window(now, new Period(2020, 1), null, 24).Count);

        static List<string> Texts(IEnumerable<Period> periods) => periods.Select(p => p.ToString()).ToList();
    }

    [Fact]
    public void A_running_run_is_taken_over_only_after_its_lease()
    {
        var started = Cst(2026, 11, 1, 1, 0);
        var run = JobRun.Start(JobName.MonthlyRanking, new Period(2026, 10), JobTrigger.Schedule, null, started, TimeSpan.FromMinutes(30));

        Assert.Equal((JobRunStatus.Running, 1, 202610), (run.Status, run.Attempts, run.Period));
        Assert.False(run.CanBeTakenOver(started.AddMinutes(29)));
        Assert.True(run.CanBeTakenOver(started.AddMinutes(30)));
        Assert.EndsWith("…", JobRun.TrimError(new string('错', 5000)));
        Assert.Equal(JobRun.MaxErrorLength, JobRun.TrimError(new string('错', 5000)).Length);
    }

    [Theory]
    [InlineData("monthly-ranking", JobName.MonthlyRanking)]
    [InlineData("Recognition", JobName.Recognition)]
    [InlineData("DUAL-EVALUATION", JobName.DualEvaluation)]
    public void Jobs_are_named_by_their_slugs(string slug, JobName job)
    {
        Assert.True(JobNames.TryParse(slug, out var parsed));
        Assert.Equal(job, parsed);
        Assert.Equal(slug.ToLowerInvariant(), job.Slug());
    }

    [Fact]
    public void Recognition_waits_for_the_ranking_of_its_month_and_unknown_names_are_refused()
    {
        Assert.Equal(JobName.MonthlyRanking, JobName.Recognition.DependsOn());
        Assert.Null(JobName.DualEvaluation.DependsOn());
        Assert.True(JobNames.InOrder.ToList().IndexOf(JobName.MonthlyRanking) < JobNames.InOrder.ToList().IndexOf(JobName.Recognition));
        Assert.False(JobNames.TryParse("MonthlyRanking", out _));
        Assert.False(JobNames.TryParse(null, out _));
    }

    [Fact]
    public void Ties_share_a_rank_and_the_next_rank_skips()
    {
        Guid a = Id(1), b = Id(2), c = Id(3), d = Id(4), e = Id(5);
        var ranked = Ranking.Rank([(c, 20), (a, 30), (b, 30), (d, 0), (e, -5)]);
        Assert.Equal([(a, 30, 1), (b, 30, 1), (c, 20, 3)], ranked);
    }

    [Fact]
    public void The_snapshot_keeps_everyone_tied_at_its_last_rank()
    {
        var values = Enumerable.Range(1, 6).Select(i => (Id(i), i <= 2 ? 10 : i <= 5 ? 5 : 1)).ToList();
        var ranked = Ranking.Rank(values, depth: 3);
        Assert.Equal([1, 1, 3, 3, 3], ranked.Select(r => r.Rank).ToList());
        Assert.Equal(RankingList.Party, Ranking.ListOf(confirmedPartyMember: true));
        Assert.Equal(RankingList.Residents, Ranking.ListOf(confirmedPartyMember: false));
    }

    [Fact]
    public void Honour_settings_say_which_ranks_and_lists_are_honoured()
    {
        var community = Guid.NewGuid();
        var defaults = HonorSettings.Default(community);
        Assert.Equal([(HonorKind.ServiceStar, RankingList.Everyone), (HonorKind.OutstandingPartyMember, RankingList.Party)], defaults.Kinds().ToList());
        Assert.True(defaults.Honors(3));
        Assert.False(defaults.Honors(4));

        var starsOnly = HonorSettings.For(community, true, 5, 100, false, Guid.NewGuid(), Cst(2026, 1, 1));
        Assert.Equal([(HonorKind.ServiceStar, RankingList.Everyone)], starsOnly.Kinds().ToList());
        Assert.True(starsOnly.Honors(5));

        var off = HonorSettings.For(community, false, 5, 100, true, Guid.NewGuid(), Cst(2026, 1, 1));
        Assert.Empty(off.Kinds());
        Assert.False(off.Honors(1));

        Assert.Equal("topN", Assert.Throws<DomainException>(() => starsOnly.Change(true, 0, 0, true, Guid.NewGuid(), Cst(2026, 1, 1))).Field);
        Assert.Equal("topN", Assert.Throws<DomainException>(() => starsOnly.Change(true, 101, 0, true, Guid.NewGuid(), Cst(2026, 1, 1))).Field);
        Assert.Equal("bonusPoints", Assert.Throws<DomainException>(() => starsOnly.Change(true, 3, 1001, true, Guid.NewGuid(), Cst(2026, 1, 1))).Field);
    }

    [Fact]
    public void An_honour_carries_its_title_month_and_rank_into_the_bonus_reason()
    {
        var honor = Honor.Award(new Period(2026, 10), Guid.NewGuid(), Guid.NewGuid(), HonorKind.ServiceStar, 2, 88, 20, Cst(2026, 11, 1, 1));
        Assert.Equal(("月度服务之星", 202610, 2, 20), (honor.Title, honor.Period, honor.Rank, honor.BonusPoints));
        Assert.Equal("表彰奖励：2026年10月 东门社区 月度服务之星（第 2 名）", honor.BonusReason("东门社区"));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Honor.Award(new Period(2026, 10), Guid.NewGuid(), Guid.NewGuid(), HonorKind.ServiceStar, 0, 88, 20, Cst(2026, 11, 1, 1)));
    }

    [Theory]
    [InlineData(9, 2, 4.5)]
    [InlineData(14, 3, 4.7)]
    [InlineData(5, 1, 5.0)]
    public void The_average_rating_has_one_decimal(int sum, int count, double average) =>
        Assert.Equal((decimal)average, DualEvaluationEntry.AverageOf(sum, count));

    [Fact]
    public void No_rating_has_no_average() => Assert.Null(DualEvaluationEntry.AverageOf(0, 0));

    [Theory]
    [InlineData("李明", "李明")]
    [InlineData("农商银行, 云阳支行", "\"农商银行, 云阳支行\"")]
    [InlineData("说\"好\"", "\"说\"\"好\"\"\"")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+86", "'+86")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("两行\n文字", "\"两行\n文字\"")]
    public void Csv_cells_are_quoted_and_never_run_as_formulas(string value, string cell) => Assert.Equal(cell, CsvText.Cell(value));

    [Fact]
    public void Query_enums_are_read_by_name_only()
    {
        Assert.Equal(RankingScope.Street, QueryValues.Enum("street", "scope", RankingScope.Community));
        Assert.Equal(RankingScope.Grid, QueryValues.Enum("GRID", "scope", RankingScope.Community));
        Assert.Equal(RankingScope.Community, QueryValues.Enum(null, "scope", RankingScope.Community));
        Assert.Equal("scope", Assert.Throws<DomainException>(() => QueryValues.Enum("2", "scope", RankingScope.Community)).Field);
        Assert.Equal("scope", Assert.Throws<DomainException>(() => QueryValues.Enum("town", "scope", RankingScope.Community)).Field);
    }

    private static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");
}
