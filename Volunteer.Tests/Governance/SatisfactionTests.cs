using System.Net;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Http;
using Volunteer.Api.Needs;
using Volunteer.Api.Satisfaction;
using Volunteer.Domain.Satisfaction;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Governance;

/// <summary>满意度: a need rated once after its service, and community surveys with one answer per household.</summary>
public abstract class SatisfactionTests(ApiFactory api)
{
    [Fact]
    public async Task The_resident_rates_a_need_once_after_its_service_and_it_shows_on_the_need()
    {
        var place = await api.NewCommunityAsync();
        var elder = await api.NewResidentAsync(place);
        var volunteer = await api.NewResidentAsync(place);
        var stranger = await api.NewResidentAsync(place);
        var need = await PostNeedAsync(elder.Token, null);
        var url = $"/api/v1/needs/{need.Id}/satisfaction";

        // Not before the service is done.
        var early = await api.Client(elder.Token).PostJsonAsync(url, new { level = "satisfied" });
        Assert.Equal("satisfaction.notDone", (await early.ProblemAsync(HttpStatusCode.Conflict)).Code);
        var taskId = await ApproveAsync(place, need.Id);
        await api.ServeAsync(place, volunteer.Token, taskId, TimeSpan.FromMinutes(30));

        await (await api.Client(elder.Token).PostJsonAsync(url, new { level = "excellent" })).ProblemAsync(HttpStatusCode.BadRequest);
        await (await api.Client(elder.Token).PostJsonAsync(url, new { })).ProblemAsync(HttpStatusCode.BadRequest);
        // Someone else's need does not exist for a resident; staff may not rate what the resident posted themselves.
        await (await api.Client(stranger.Token).PostJsonAsync(url, new { level = "dissatisfied" })).ProblemAsync(HttpStatusCode.NotFound);
        var byStaff = await api.Client(place.StaffToken).PostJsonAsync(url, new { level = "satisfied" });
        Assert.Equal("satisfaction.requesterOnly", (await byStaff.ProblemAsync(HttpStatusCode.Forbidden)).Code);
        Assert.Null(await api.DbAsync(db => db.Needs.Where(n => n.Id == need.Id).Select(n => n.Satisfaction).SingleAsync()));

        var rated = await (await api.Client(elder.Token).PostJsonAsync(url, new { level = "basicallySatisfied", comment = "来得稍晚，但很耐心" }))
            .ReadAsync<NeedResponse>();
        Assert.Equal((SatisfactionLevel.BasicallySatisfied, "来得稍晚，但很耐心", false), (rated.Satisfaction, rated.SatisfactionComment, rated.SatisfactionRecordedByStaff));
        Assert.NotNull(rated.SatisfactionRatedAt);
        var shown = await (await api.Client(place.StaffToken).GetAsync($"/api/v1/needs/{need.Id}")).ReadAsync<NeedResponse>();
        Assert.Equal(SatisfactionLevel.BasicallySatisfied, shown.Satisfaction);

        var again = await api.Client(elder.Token).PostJsonAsync(url, new { level = "dissatisfied" });
        Assert.Equal("satisfaction.alreadyRated", (await again.ProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal(SatisfactionLevel.BasicallySatisfied, await api.DbAsync(db => db.Needs.Where(n => n.Id == need.Id).Select(n => n.Satisfaction).SingleAsync()));
    }

    [Fact]
    public async Task Staff_record_the_satisfaction_of_a_resident_whose_need_they_posted()
    {
        var place = await api.NewCommunityAsync();
        var other = await api.NewCommunityAsync(place.StreetId);
        var elder = await api.NewResidentAsync(place);
        var volunteer = await api.NewResidentAsync(place);
        var need = await PostNeedAsync(place.StaffToken, elder.Id);
        var taskId = await ApproveAsync(place, need.Id);
        await api.ServeAsync(place, volunteer.Token, taskId, TimeSpan.FromMinutes(30));
        var url = $"/api/v1/needs/{need.Id}/satisfaction";

        await (await api.Client(other.StaffToken).PostJsonAsync(url, new { level = "satisfied" })).ProblemAsync(HttpStatusCode.NotFound);
        var rated = await (await api.Client(place.StaffToken).PostJsonAsync(url, new { level = "satisfied", comment = "老人电话里说很满意" }))
            .ReadAsync<NeedResponse>();
        Assert.Equal((SatisfactionLevel.Satisfied, true), (rated.Satisfaction, rated.SatisfactionRecordedByStaff));
        var mine = await (await api.Client(elder.Token).GetAsync($"/api/v1/needs/{need.Id}")).ReadAsync<NeedResponse>();
        Assert.Equal(SatisfactionLevel.Satisfied, mine.Satisfaction);
    }

    [Fact]
    public async Task A_survey_takes_one_answer_per_household_within_its_window_and_reports_shares()
    {
        var place = await api.NewCommunityAsync();
        var other = await api.NewCommunityAsync(place.StreetId);
        var residents = await api.NewResidentsAsync(place, 4);
        var outsider = await api.NewResidentAsync(other);
        var now = api.Clock.GetUtcNow();
        var staff = api.Client(place.StaffToken);

        await (await staff.PostJsonAsync("/api/v1/surveys", new { title = "满意度调查", opensAt = now, closesAt = now.AddHours(-1) }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        await (await api.Client(residents[0].Token).PostJsonAsync("/api/v1/surveys", new { title = "x", opensAt = now, closesAt = now.AddDays(1) }))
            .ProblemAsync(HttpStatusCode.Forbidden);
        var survey = await (await staff.PostJsonAsync("/api/v1/surveys", new
        {
            title = "2026 年第四季度社区满意度调查", description = "请对社区服务打分", opensAt = now.AddMinutes(-1), closesAt = now.AddDays(7),
        })).ReadAsync<SurveyResponse>(HttpStatusCode.Created);
        Assert.True(survey.IsOpen);

        var listed = await (await api.Client(residents[0].Token).GetAsync("/api/v1/surveys")).ReadAsync<Paged<SurveyResponse>>();
        Assert.Equal(survey.Id, Assert.Single(listed.Items).Id);
        Assert.Empty((await (await api.Client(outsider.Token).GetAsync("/api/v1/surveys")).ReadAsync<Paged<SurveyResponse>>()).Items);
        await (await api.Client(outsider.Token).PostJsonAsync($"/api/v1/surveys/{survey.Id}/answers", new { level = "satisfied" }))
            .ProblemAsync(HttpStatusCode.NotFound);

        var levels = new[] { "satisfied", "satisfied", "basicallySatisfied" };
        for (var i = 0; i < levels.Length; i++)
            await (await api.Client(residents[i].Token).PostJsonAsync($"/api/v1/surveys/{survey.Id}/answers",
                new { level = levels[i], comment = i == 2 ? "希望多组织文体活动" : null })).ShouldBeAsync(HttpStatusCode.Created);
        // A resident in no household is a household of one: a second answer is refused.
        var twice = await api.Client(residents[0].Token).PostJsonAsync($"/api/v1/surveys/{survey.Id}/answers", new { level = "dissatisfied" });
        Assert.Equal("survey.alreadyAnswered", (await twice.ProblemAsync(HttpStatusCode.Conflict)).Code);
        var me = await (await api.Client(residents[0].Token).GetAsync($"/api/v1/surveys/{survey.Id}")).ReadAsync<SurveyResponse>();
        Assert.Equal((true, (SatisfactionLevel?)SatisfactionLevel.Satisfied), (me.HouseholdAnswered, me.MyLevel));

        await (await api.Client(residents[0].Token).GetAsync($"/api/v1/surveys/{survey.Id}/results")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await api.Client(other.StaffToken).GetAsync($"/api/v1/surveys/{survey.Id}/results")).ProblemAsync(HttpStatusCode.NotFound);
        var results = await (await staff.GetAsync($"/api/v1/surveys/{survey.Id}/results")).ReadAsync<SurveyResultsResponse>();
        Assert.Equal((2, 1, 0, 3), (results.Shares.Satisfied, results.Shares.BasicallySatisfied, results.Shares.Dissatisfied, results.Shares.Total));
        Assert.Equal((66.7m, 33.3m, 0m), (results.Shares.SatisfiedShare, results.Shares.BasicallySatisfiedShare, results.Shares.DissatisfiedShare));
        Assert.Equal((3, 4, 75.0m), (results.AnsweredHouseholds, results.Households, results.ResponseRate));
        Assert.Equal("希望多组织文体活动", Assert.Single(results.Comments).Comment);

        // Closed early: no more answers.
        var closed = await (await staff.PostJsonAsync($"/api/v1/surveys/{survey.Id}/close")).ReadAsync<SurveyResponse>();
        Assert.False(closed.IsOpen);
        var late = await api.Client(residents[3].Token).PostJsonAsync($"/api/v1/surveys/{survey.Id}/answers", new { level = "dissatisfied" });
        Assert.Equal("survey.closed", (await late.ProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal(3, await api.DbAsync(db => db.SurveyAnswers.CountAsync(a => a.SurveyId == survey.Id)));
    }

    [Fact]
    public async Task Members_of_one_household_answering_at_once_leave_one_answer()
    {
        var place = await api.NewCommunityAsync();
        var family = await api.NewResidentsAsync(place, 6);
        var single = await api.NewResidentAsync(place);
        await api.NewHouseholdAsync(place, "2栋1单元502", family[0], family.Skip(1).ToArray());
        var now = api.Clock.GetUtcNow();
        var survey = await (await api.Client(place.StaffToken).PostJsonAsync("/api/v1/surveys", new
        {
            title = "社区满意度调查", opensAt = now.AddMinutes(-1), closesAt = now.AddDays(3),
        })).ReadAsync<SurveyResponse>(HttpStatusCode.Created);

        var race = await api.AllAtOnceAsync(family.Count, i => Racer.Post(family[i].Token, $"/api/v1/surveys/{survey.Id}/answers",
            new { level = i % 2 == 0 ? "satisfied" : "dissatisfied" }));
        Assert.Equal(1, race.Count(HttpStatusCode.Created));
        Assert.All(await race.RefusalCodesAsync(HttpStatusCode.Created, HttpStatusCode.Conflict), code => Assert.Equal("survey.alreadyAnswered", code));
        await (await api.Client(single.Token).PostJsonAsync($"/api/v1/surveys/{survey.Id}/answers", new { level = "satisfied" }))
            .ShouldBeAsync(HttpStatusCode.Created);

        // Every member of the household sees that it has answered.
        var seen = await (await api.Client(family[5].Token).GetAsync($"/api/v1/surveys/{survey.Id}")).ReadAsync<SurveyResponse>();
        Assert.True(seen.HouseholdAnswered);
        // Two households: the family (one answer) and the resident in no household.
        var results = await (await api.Client(place.StaffToken).GetAsync($"/api/v1/surveys/{survey.Id}/results")).ReadAsync<SurveyResultsResponse>();
        Assert.Equal((2, 2, 100.0m), (results.AnsweredHouseholds, results.Households, results.ResponseRate));
    }

    private async Task<NeedResponse> PostNeedAsync(string token, Guid? onBehalfOf) =>
        await (await api.Client(token).PostJsonAsync("/api/v1/needs", new
        {
            title = "帮忙更换灯泡", category = "elderlyCare", address = "东门大街 18 号", onBehalfOfMemberId = onBehalfOf,
        })).ReadAsync<NeedResponse>(HttpStatusCode.Created);

    private async Task<Guid> ApproveAsync(Place place, Guid needId)
    {
        var now = api.Clock.GetUtcNow();
        var approved = await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/needs/{needId}/approve", new
        {
            slots = 1, points = 10, startsAt = now.AddMinutes(-5), endsAt = now.AddHours(3),
        })).ReadAsync<ApprovedNeedResponse>(HttpStatusCode.Created);
        return approved.Task.Id;
    }
}

public sealed class SatisfactionOnPostgres(PostgresApi api) : SatisfactionTests(api), IClassFixture<PostgresApi>;

public sealed class SatisfactionOnSqlite(SqliteApi api) : SatisfactionTests(api), IClassFixture<SqliteApi>;
