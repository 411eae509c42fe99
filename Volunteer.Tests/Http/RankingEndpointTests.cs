using System.Net;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Http;
using Volunteer.Api.Jobs;
using Volunteer.Api.Rankings;
using Volunteer.Api.Recognition;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Domain.Rankings;
using Volunteer.Domain.Recognition;
using Volunteer.Tests.Support;
using static Volunteer.Tests.Support.Activity;

namespace Volunteer.Tests.Http;

/// <summary>Reading rankings, the live leaderboard, the 积分公示 board and honours, and running jobs as an admin.</summary>
public abstract class RankingEndpointTests(ApiFactory api)
{
    [Fact]
    public async Task A_month_ranking_is_read_from_its_snapshot_public_within_the_street_with_names_masked_for_residents()
    {
        var period = new Period(2025, 11);
        var place = await api.NewCommunityAsync();
        var admin = await api.NewAdminAsync(place.StreetId);
        var li = await api.NewResidentAsync(place, partyMember: true, name: "李小明");
        var zhang = await api.NewResidentAsync(place, name: "张大伟");
        var chen = await api.NewResidentAsync(place, name: "陈静");
        await api.EarnAsync(li, place, 20, 90, Cst(2025, 11, 3, 9));
        await api.EarnAsync(zhang, place, 20, 30, Cst(2025, 11, 4, 9));
        await api.EarnAsync(chen, place, 5, 150, Cst(2025, 11, 5, 9));
        var url = $"/api/v1/rankings?period={period}";

        var notYet = await api.Client(li.Token).GetAsync(url);
        Assert.Equal("ranking.notReady", (await notYet.ProblemAsync(HttpStatusCode.NotFound)).Code);

        var platform = await api.NewAdminAsync(null);
        var run = await (await api.Client(platform.Token).PostJsonAsync("/api/v1/admin/jobs/monthly-ranking/runs", new { period = period.ToString() }))
            .ReadAsync<JobRunResultResponse>();
        Assert.Equal(("ran", JobRunStatus.Completed), (run.Outcome, run.Run.Status));

        // A resident sees their own community by default; others' names are masked, their own is not.
        var mine = await (await api.Client(li.Token).GetAsync(url)).ReadAsync<RankingResponse>();
        Assert.Equal((place.CommunityId, RankingScope.Community, RankingList.Everyone, RankingMetric.Points, false),
            (mine.ScopeId, mine.Scope, mine.List, mine.Metric, mine.Live));
        Assert.Equal([(1, "张*伟", 20m, false), (1, "李小明", 20m, true), (3, "陈*", 5m, false)],
            mine.Rows.Items.Select(r => (r.Rank, r.Name, r.Value, r.IsMe)).OrderBy(r => r.Rank).ThenBy(r => r.Name).ToList());
        Assert.All(mine.Rows.Items, r => Assert.Null(r.MemberId));

        var hours = await (await api.Client(li.Token).GetAsync(url + "&metric=hours&list=residents")).ReadAsync<RankingResponse>();
        Assert.Equal([(1, "陈*", 2.5m), (2, "张*伟", 0.5m)], hours.Rows.Items.Select(r => (r.Rank, r.Name, r.Value)).ToList());

        // Staff of the community see full names and ids; so does the street's admin for the street.
        var staffView = await (await api.Client(place.StaffToken).GetAsync(url + "&list=party")).ReadAsync<RankingResponse>();
        Assert.Equal([(li.Id, "李小明")], staffView.Rows.Items.Select(r => (r.MemberId!.Value, r.Name)).ToList());
        var street = await (await api.Client(admin.Token).GetAsync(url + $"&scope=street&scopeId={place.StreetId}&pageSize=2"))
            .ReadAsync<RankingResponse>();
        Assert.Equal((3, 2), (street.Rows.Total, street.Rows.Items.Count));
        var grid = await (await api.Client(zhang.Token).GetAsync(url + "&scope=grid")).ReadAsync<RankingResponse>();
        Assert.Equal(place.GridId, grid.ScopeId);

        // Outside the street: 403. Unknown places: 404. Bad input: 400.
        var elsewhere = await api.NewResidentAsync(await api.NewCommunityAsync());
        Assert.Equal("ranking.forbidden", (await (await api.Client(elsewhere.Token).GetAsync(url + $"&scopeId={place.CommunityId}"))
            .ProblemAsync(HttpStatusCode.Forbidden)).Code);
        Assert.Equal("ranking.scopeNotFound", (await (await api.Client(li.Token).GetAsync(url + $"&scopeId={Guid.NewGuid()}"))
            .ProblemAsync(HttpStatusCode.NotFound)).Code);
        foreach (var bad in new[] { "/api/v1/rankings", "/api/v1/rankings?period=2025-13", "/api/v1/rankings?period=202511",
                     $"{url}&scope=town", $"{url}&scope=1", $"{url}&list=cadres", $"{url}&metric=likes",
                     $"/api/v1/rankings?period={Period.Of(api.Clock.GetUtcNow())}", $"/api/v1/rankings?period={Period.Of(api.Clock.GetUtcNow()).Next()}" })
            await (await api.Client(li.Token).GetAsync(bad)).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_live_leaderboard_ranks_the_running_month_by_the_same_rules()
    {
        var place = await api.NewCommunityAsync();
        var now = api.Clock.GetUtcNow();
        var a = await api.NewResidentAsync(place, name: "王芳");
        var b = await api.NewResidentAsync(place, name: "赵磊", partyMember: true);
        var c = await api.NewResidentAsync(place, name: "孙强");
        await api.EarnAsync(a, place, 8, 60, now);
        await api.EarnAsync(b, place, 8, 30, now);
        await api.EarnAsync(c, place, 3, 0, now);
        await api.EarnAsync(c, place, 50, 0, Period.Of(now).Previous().StartsAt); // last month: not in this one

        var live = await (await api.Client(c.Token).GetAsync("/api/v1/rankings/live")).ReadAsync<RankingResponse>();

        Assert.True(live.Live);
        Assert.Equal(Period.Of(now).ToString(), live.Period);
        Assert.Equal([(1, "王*"), (1, "赵*"), (3, "孙强")], live.Rows.Items.Select(r => (r.Rank, r.Name)).OrderBy(r => r.Rank).ThenBy(r => r.Name).ToList());
        Assert.Equal((3, "孙强", 3m, true), (live.Me!.Rank, live.Me.Name, live.Me.Value, live.Me.IsMe));
        var staffLive = await (await api.Client(place.StaffToken).GetAsync($"/api/v1/rankings/live?scopeId={place.CommunityId}")).ReadAsync<RankingResponse>();
        Assert.Null(staffLive.Me);
        var party = await (await api.Client(c.Token).GetAsync("/api/v1/rankings/live?list=party&metric=hours")).ReadAsync<RankingResponse>();
        Assert.Equal([(1, 0.5m)], party.Rows.Items.Select(r => (r.Rank, r.Value)).ToList());
        var page2 = await (await api.Client(c.Token).GetAsync("/api/v1/rankings/live?page=2&pageSize=2")).ReadAsync<RankingResponse>();
        Assert.Equal((3, 3, "孙强"), (page2.Rows.Total, page2.Rows.Items.Single().Rank, page2.Rows.Items.Single().Name));
    }

    [Fact]
    public async Task The_points_board_shows_each_members_month_to_the_community_with_names_masked()
    {
        var place = await api.NewCommunityAsync();
        var other = await api.NewCommunityAsync(place.StreetId);
        var now = api.Clock.GetUtcNow();
        var wang = await api.NewResidentAsync(place, name: "王秀英");
        var liu = await api.NewResidentAsync(other, name: "刘洋");
        await api.EarnAsync(wang, place, 10, 120, now);
        await api.EarnAsync(liu, place, 15, 30, now);             // served here though living elsewhere: counts here
        await api.EarnAsync(wang, place, 7, 60, Cst(2025, 1, 9, 9));

        var board = await (await api.Client(wang.Token).GetAsync($"/api/v1/communities/{place.CommunityId}/board")).ReadAsync<BoardResponse>();
        Assert.False(board.Final);
        Assert.Equal([("刘*", 15, 0.5m, false), ("王秀英", 10, 2m, true)], board.Rows.Items.Select(r => (r.Name, r.Points, r.Hours, r.IsMe)).ToList());

        var january = await (await api.Client(place.StaffToken).GetAsync($"/api/v1/communities/{place.CommunityId}/board?period=2025-01"))
            .ReadAsync<BoardResponse>();
        Assert.True(january.Final);
        Assert.Equal([("王*英", 7, 1m)], january.Rows.Items.Select(r => (r.Name, r.Points, r.Hours)).ToList());

        // Only its residents, its staff and the street's admins.
        Assert.Equal("board.forbidden", (await (await api.Client(liu.Token).GetAsync($"/api/v1/communities/{place.CommunityId}/board"))
            .ProblemAsync(HttpStatusCode.Forbidden)).Code);
        var otherStaff = api.Client(other.StaffToken);
        await (await otherStaff.GetAsync($"/api/v1/communities/{place.CommunityId}/board")).ProblemAsync(HttpStatusCode.Forbidden);
        var foreignAdmin = await api.NewAdminAsync((await api.NewCommunityAsync()).StreetId);
        await (await api.Client(foreignAdmin.Token).GetAsync($"/api/v1/communities/{place.CommunityId}/board")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await api.Client((await api.NewAdminAsync(place.StreetId)).Token).GetAsync($"/api/v1/communities/{place.CommunityId}/board"))
            .ShouldBeAsync(HttpStatusCode.OK);
        await (await api.Client(wang.Token).GetAsync($"/api/v1/communities/{Guid.NewGuid()}/board")).ProblemAsync(HttpStatusCode.NotFound);
        await (await api.Client(wang.Token).GetAsync($"/api/v1/communities/{place.CommunityId}/board?period={Period.Of(now).Next()}"))
            .ProblemAsync(HttpStatusCode.BadRequest);
        await (await api.Client().GetAsync($"/api/v1/communities/{place.CommunityId}/board")).ShouldBeAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Staff_set_their_communitys_honours_and_residents_see_the_honour_roll()
    {
        var period = new Period(2025, 10);
        var place = await api.NewCommunityAsync();
        var neighbour = await api.NewCommunityAsync(place.StreetId);
        var staff = api.Client(place.StaffToken);

        var defaults = await (await staff.GetAsync($"/api/v1/communities/{place.CommunityId}/honor-settings")).ReadAsync<HonorSettingsResponse>();
        Assert.Equal((true, 3, 0, true, true), (defaults.Enabled, defaults.TopN, defaults.BonusPoints, defaults.PartyMemberHonors, defaults.IsDefault));
        var set = await (await staff.PutJsonAsync($"/api/v1/communities/{place.CommunityId}/honor-settings",
            new { enabled = true, topN = 1, bonusPoints = 20, partyMemberHonors = false })).ReadAsync<HonorSettingsResponse>();
        Assert.Equal((1, 20, false, false), (set.TopN, set.BonusPoints, set.PartyMemberHonors, set.IsDefault));

        var star = await api.NewResidentAsync(place, name: "周丽华");
        var second = await api.NewResidentAsync(place, name: "吴芳");
        await api.EarnAsync(star, place, 30, 60, Cst(2025, 10, 8, 10));
        await api.EarnAsync(second, place, 10, 60, Cst(2025, 10, 9, 10));
        var resident = api.Client(second.Token);

        await (await resident.PutJsonAsync($"/api/v1/communities/{place.CommunityId}/honor-settings",
            new { enabled = true, topN = 5, bonusPoints = 0, partyMemberHonors = true })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await api.Client(neighbour.StaffToken).PutJsonAsync($"/api/v1/communities/{place.CommunityId}/honor-settings",
            new { enabled = true, topN = 5, bonusPoints = 0, partyMemberHonors = true })).ProblemAsync(HttpStatusCode.Forbidden);
        var invalid = await (await staff.PutJsonAsync($"/api/v1/communities/{place.CommunityId}/honor-settings",
            new { enabled = true, topN = 0, bonusPoints = 5000 })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("partyMemberHonors", invalid.Errors!.Keys);
        var outOfRange = await (await staff.PutJsonAsync($"/api/v1/communities/{place.CommunityId}/honor-settings",
            new { enabled = true, topN = 101, bonusPoints = 0, partyMemberHonors = true })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("topN", outOfRange.Errors!.Keys);

        await api.RunAsync(JobName.MonthlyRanking, period);
        await api.RunAsync(JobName.Recognition, period);

        var roll = await (await resident.GetAsync($"/api/v1/honors?period={period}")).ReadAsync<Paged<HonorResponse>>();
        var honour = Assert.Single(roll.Items);
        Assert.Equal(("2025-10", HonorKind.ServiceStar, "月度服务之星", 1, 30, 20, "周*华", false),
            (honour.Period, honour.Kind, honour.Title, honour.Rank, honour.Points, honour.BonusPoints, honour.MemberName, honour.IsMe));
        var own = await (await api.Client(star.Token).GetAsync($"/api/v1/honors?period={period}")).ReadAsync<Paged<HonorResponse>>();
        Assert.Equal(("周丽华", true), (own.Items.Single().MemberName, own.Items.Single().IsMe));
        var byStaff = await (await staff.GetAsync($"/api/v1/honors?communityId={place.CommunityId}")).ReadAsync<Paged<HonorResponse>>();
        Assert.Equal("周丽华", byStaff.Items.Single().MemberName);

        var stranger = await api.NewResidentAsync(await api.NewCommunityAsync());
        await (await api.Client(stranger.Token).GetAsync($"/api/v1/honors?communityId={place.CommunityId}")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await resident.GetAsync("/api/v1/honors?period=2025/10")).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Admins_see_the_run_history_and_rerun_a_month_without_changing_a_completed_one()
    {
        var period = new Period(2025, 9);
        var place = await api.NewCommunityAsync();
        // The monthly jobs rank every street at once: platform admins run them, a street admin reads their history.
        var admin = api.Client((await api.NewAdminAsync(null)).Token);
        var streetAdmin = api.Client((await api.NewAdminAsync(place.StreetId)).Token);
        await api.EarnAsync(await api.NewResidentAsync(place), place, 10, 10, Cst(2025, 9, 9, 9));
        foreach (var job in new[] { "monthly-ranking", "recognition", "dual-evaluation" })
        {
            var refused = await streetAdmin.PostJsonAsync($"/api/v1/admin/jobs/{job}/runs", new { period = period.ToString() });
            Assert.Equal("role.platformAdminOnly", (await refused.ProblemAsync(HttpStatusCode.Forbidden)).Code);
        }
        Assert.False(await api.DbAsync(db => db.JobRuns.AnyAsync(r => r.Period == period.Key)));

        var early = await admin.PostJsonAsync("/api/v1/admin/jobs/recognition/runs", new { period = period.ToString() });
        Assert.Equal("job.dependencyMissing", (await early.ProblemAsync(HttpStatusCode.Conflict)).Code);

        var first = await (await admin.PostJsonAsync("/api/v1/admin/jobs/monthly-ranking/runs", new { period = period.ToString() }))
            .ReadAsync<JobRunResultResponse>();
        var again = await (await admin.PostJsonAsync("/api/v1/admin/jobs/MONTHLY-RANKING/runs", new { period = period.ToString() }))
            .ReadAsync<JobRunResultResponse>();
        Assert.Equal(("ran", "alreadyCompleted"), (first.Outcome, again.Outcome));
        Assert.Equal((first.Run.Id, 1, first.Run.FinishedAt, JobTrigger.Admin), (again.Run.Id, again.Run.Attempts, again.Run.FinishedAt, again.Run.Trigger));
        var recognition = await (await admin.PostJsonAsync("/api/v1/admin/jobs/recognition/runs", new { period = period.ToString() }))
            .ReadAsync<JobRunResultResponse>();
        Assert.Equal(("ran", "recognition", "月度表彰"), (recognition.Outcome, recognition.Run.Name, recognition.Run.Title));
        await (await admin.PostJsonAsync("/api/v1/admin/jobs/dual-evaluation/runs", new { period = period.ToString() })).ShouldBeAsync(HttpStatusCode.OK);

        var history = await (await streetAdmin.GetAsync($"/api/v1/admin/jobs?period={period}")).ReadAsync<Paged<JobRunResponse>>();
        Assert.Equal(["dual-evaluation", "monthly-ranking", "recognition"], history.Items.Select(r => r.Name).Order().ToList());
        Assert.All(history.Items, r => Assert.Equal((JobRunStatus.Completed, period.ToString()), (r.Status, r.Period)));
        var filtered = await (await admin.GetAsync($"/api/v1/admin/jobs?name=recognition&status=completed&period={period}"))
            .ReadAsync<Paged<JobRunResponse>>();
        Assert.Equal("recognition", filtered.Items.Single().Name);

        Assert.Equal("job.notFound", (await (await admin.PostJsonAsync("/api/v1/admin/jobs/weekly-report/runs", new { period = "2025-09" }))
            .ProblemAsync(HttpStatusCode.NotFound)).Code);
        foreach (var body in new object[] { new { }, new { period = "2025-9" }, new { period = "九月" },
                     new { period = Period.Of(api.Clock.GetUtcNow()).ToString() }, new { period = Period.Of(api.Clock.GetUtcNow()).Next().ToString() } })
            await (await admin.PostJsonAsync("/api/v1/admin/jobs/monthly-ranking/runs", body)).ProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.GetAsync("/api/v1/admin/jobs?name=nightly")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.GetAsync("/api/v1/admin/jobs?status=done")).ProblemAsync(HttpStatusCode.BadRequest);

        var staff = api.Client(place.StaffToken);
        Assert.Equal("role.adminOnly", (await (await staff.GetAsync("/api/v1/admin/jobs")).ProblemAsync(HttpStatusCode.Forbidden)).Code);
        await (await staff.PostJsonAsync("/api/v1/admin/jobs/monthly-ranking/runs", new { period = "2025-08" })).ProblemAsync(HttpStatusCode.Forbidden);
        var resident = api.Client((await api.NewResidentAsync(place)).Token);
        await (await resident.PostJsonAsync("/api/v1/admin/jobs/monthly-ranking/runs", new { period = "2025-08" })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await api.Client().GetAsync("/api/v1/admin/jobs")).ShouldBeAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_admin_sees_a_failed_run_with_its_error_and_a_rerun_completes_it()
    {
        var period = new Period(2025, 8);
        var place = await api.NewCommunityAsync();
        var admin = api.Client((await api.NewAdminAsync(null)).Token);
        await api.EarnAsync(await api.NewResidentAsync(place), place, 10, 10, Cst(2025, 8, 9, 9));

        api.Runs.FailAfter((job, p, _) => job == JobName.MonthlyRanking && p == period);
        var failed = await admin.PostJsonAsync("/api/v1/admin/jobs/monthly-ranking/runs", new { period = period.ToString() });
        api.Runs.Heal();
        Assert.Equal("job.failed", (await failed.ProblemAsync(HttpStatusCode.InternalServerError)).Code);

        var history = await (await admin.GetAsync($"/api/v1/admin/jobs?period={period}&status=failed")).ReadAsync<Paged<JobRunResponse>>();
        var run = Assert.Single(history.Items);
        Assert.Equal(("monthly-ranking", 1, JobTrigger.Admin), (run.Name, run.Attempts, run.Trigger));
        Assert.Contains("Simulated crash", run.Error);
        await (await api.Client(place.StaffToken).GetAsync($"/api/v1/rankings?period={period}")).ProblemAsync(HttpStatusCode.NotFound);

        var rerun = await (await admin.PostJsonAsync("/api/v1/admin/jobs/monthly-ranking/runs", new { period = period.ToString() }))
            .ReadAsync<JobRunResultResponse>();
        Assert.Equal(("ran", JobRunStatus.Completed, 2, null), (rerun.Outcome, rerun.Run.Status, rerun.Run.Attempts, rerun.Run.Error));
        var ranking = await (await api.Client(place.StaffToken).GetAsync($"/api/v1/rankings?period={period}")).ReadAsync<RankingResponse>();
        Assert.Single(ranking.Rows.Items);
    }
}

public sealed class RankingEndpointsOnPostgres(PostgresApi api) : RankingEndpointTests(api), IClassFixture<PostgresApi>;

public sealed class RankingEndpointsOnSqlite(SqliteApi api) : RankingEndpointTests(api), IClassFixture<SqliteApi>;
