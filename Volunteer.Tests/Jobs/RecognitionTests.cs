using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Domain.Points;
using Volunteer.Domain.Recognition;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Infrastructure.Recognition;
using Volunteer.Tests.Support;
using static Volunteer.Tests.Support.Activity;

namespace Volunteer.Tests.Jobs;

/// <summary>月度表彰 from the ranking snapshot: per-community settings, ties, and bonuses paid once.</summary>
public abstract class RecognitionTests(ApiFactory api)
{
    [Fact]
    public async Task The_top_of_each_community_is_honoured_per_its_settings_and_each_bonus_is_paid_once()
    {
        var period = new Period(2025, 6);
        var at = Cst(2025, 6, 10, 15);
        var a = await api.NewCommunityAsync();
        var b = await api.NewCommunityAsync(a.StreetId);
        var off = await api.NewCommunityAsync(a.StreetId);
        await SetSettingsAsync(a, enabled: true, topN: 2, bonus: 50, party: true);
        await SetSettingsAsync(off, enabled: false, topN: 3, bonus: 50, party: true);
        // b keeps the default: top 3, no bonus, with 优秀党员.

        var pioneer = await api.NewResidentAsync(a, partyMember: true);
        var neighbour = await api.NewResidentAsync(a);
        var third = await api.NewResidentAsync(a);
        var member = await api.NewResidentAsync(a, partyMember: true);
        await api.EarnAsync(pioneer, a, 40, 60, at);
        await api.EarnAsync(neighbour, a, 40, 60, at);
        await api.EarnAsync(third, a, 30, 60, at);
        await api.EarnAsync(member, a, 20, 60, at);
        var b1 = await api.NewResidentAsync(b);
        var b2 = await api.NewResidentAsync(b);
        var b3 = await api.NewResidentAsync(b);
        var b4 = await api.NewResidentAsync(b);
        await api.EarnAsync(b1, b, 10, 0, at);
        await api.EarnAsync(b2, b, 5, 0, at);
        await api.EarnAsync(b3, b, 5, 0, at);
        await api.EarnAsync(b4, b, 1, 0, at);
        var offMember = await api.NewResidentAsync(off);
        await api.EarnAsync(offMember, off, 99, 0, at);

        await api.RunAsync(JobName.MonthlyRanking, period);
        var outcome = await api.RunAsync(JobName.Recognition, period);
        Assert.Equal(RunOutcomeKind.Ran, outcome.Kind);

        var honors = await HonorsAsync(period);
        var star = Honor.TitleOf(HonorKind.ServiceStar);
        var party = Honor.TitleOf(HonorKind.OutstandingPartyMember);
        Assert.Equal(
            Expect((a, pioneer, star, 1, 40, 50), (a, neighbour, star, 1, 40, 50), (a, pioneer, party, 1, 40, 50), (a, member, party, 2, 20, 50),
                (b, b1, star, 1, 10, 0), (b, b2, star, 2, 5, 0), (b, b3, star, 2, 5, 0)),
            honors.Select(h => (h.CommunityId, h.MemberId, h.Title, h.Rank, h.Points, h.BonusPoints)).Order().ToList());
        Assert.Equal("表彰 7 人次，奖励积分 200 分", outcome.Run!.Summary);

        // Again, by the schedule and by an admin: nothing more.
        Assert.Equal(RunOutcomeKind.AlreadyCompleted, (await api.RunAsync(JobName.Recognition, period)).Kind);
        Assert.Equal(RunOutcomeKind.AlreadyCompleted, (await api.RunAsync(JobName.Recognition, period, JobTrigger.Admin)).Kind);
        Assert.Equal(7, (await HonorsAsync(period)).Count);

        var bonuses = await api.DbAsync(db => db.LedgerEntries.AsNoTracking().Where(e => e.Kind == LedgerEntryKind.Bonus
            && (e.MemberId == pioneer.Id || e.MemberId == neighbour.Id || e.MemberId == member.Id)).ToListAsync());
        Assert.Equal(4, bonuses.Count);
        Assert.All(bonuses, e => Assert.Contains(e.SourceId, honors.Select(h => h.Id)));
        Assert.Contains(bonuses, e => e.Reason.StartsWith("表彰奖励：2025年6月 测试社区", StringComparison.Ordinal) && e.Reason.EndsWith("优秀党员（第 1 名）", StringComparison.Ordinal));
        Assert.Equal((140, 90, 70), (await BalanceAsync(pioneer), await BalanceAsync(neighbour), await BalanceAsync(member)));

        List<(Guid, Guid, string, int, int, int)> Expect(params (Place Place, Person Person, string Title, int Rank, int Points, int Bonus)[] rows) =>
            rows.Select(r => (r.Place.CommunityId, r.Person.Id, r.Title, r.Rank, r.Points, r.Bonus)).Order().ToList();
    }

    [Fact]
    public async Task A_community_without_service_gets_no_honours_and_the_run_still_completes()
    {
        var period = new Period(2025, 7);
        await api.NewCommunityAsync();

        await api.RunAsync(JobName.MonthlyRanking, period);
        var outcome = await api.RunAsync(JobName.Recognition, period);

        Assert.Equal((RunOutcomeKind.Ran, "表彰 0 人次"), (outcome.Kind, outcome.Run!.Summary));
        Assert.Empty(await HonorsAsync(period));
    }

    private Task SetSettingsAsync(Place place, bool enabled, int topN, int bonus, bool party) =>
        api.UseAsync<SetHonorSettings, HonorSettings>(u => u.ExecuteAsync(place.Staff.ToActor(), place.CommunityId, enabled, topN, bonus, party, default));

    private Task<List<Honor>> HonorsAsync(Period period) =>
        api.DbAsync(db => db.Honors.AsNoTracking().Where(h => h.Period == period.Key).ToListAsync());

    private Task<int> BalanceAsync(Person person) =>
        api.DbAsync(db => db.PointsAccounts.Where(p => p.MemberId == person.Id).Select(p => p.Balance).SingleAsync());
}

public sealed class RecognitionOnPostgres(PostgresApi api) : RecognitionTests(api), IClassFixture<PostgresApi>;

public sealed class RecognitionOnSqlite(SqliteApi api) : RecognitionTests(api), IClassFixture<SqliteApi>;
