using System.Net;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Http;
using Volunteer.Api.Tasks;
using Volunteer.Domain.Tasks;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>
/// Whatever a client sends, a refusal is a 4xx ProblemDetails with a Chinese message (never a 500),
/// and a refused request changes nothing.
/// </summary>
public sealed class BadInputTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    [Fact]
    public async Task Publishing_a_task_without_its_required_fields_reports_every_missing_field_at_once()
    {
        var place = await api.NewCommunityAsync();

        var response = await api.Client(place.StaffToken).PostJsonAsync("/api/v1/tasks", new { description = "只写了说明" });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("validation", problem.Code);
        Assert.Equal(["category", "endsAt", "points", "slots", "startsAt", "title"], problem.Errors!.Keys.Order());
        Assert.All(problem.Errors.Values, messages => Assert.EndsWith("为必填项。", Assert.Single(messages)));
        Assert.Equal(0, await TasksInAsync(place));
    }

    [Theory]
    [InlineData("slots", -1, "名额")]
    [InlineData("slots", 0, "名额")]
    [InlineData("slots", 1001, "名额")]
    [InlineData("points", -5, "积分")]
    public async Task A_task_with_slots_or_points_out_of_range_is_refused(string field, int value, string label)
    {
        var place = await api.NewCommunityAsync();
        var body = ValidTask();
        body[field] = value;

        var response = await api.Client(place.StaffToken).PostJsonAsync("/api/v1/tasks", body);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(label, Assert.Single(problem.Errors![field]));
        Assert.Equal(0, await TasksInAsync(place));
    }

    [Fact]
    public async Task A_task_that_ends_before_it_starts_is_refused()
    {
        var place = await api.NewCommunityAsync();
        var body = ValidTask();
        var now = api.Clock.GetUtcNow();
        body["startsAt"] = now.AddHours(5);
        body["endsAt"] = now.AddHours(2);

        var response = await api.Client(place.StaffToken).PostJsonAsync("/api/v1/tasks", body);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("结束时间必须晚于开始时间。", Assert.Single(problem.Errors!["endsAt"]));
        Assert.Equal(0, await TasksInAsync(place));
    }

    [Theory]
    [InlineData("category", "\"flying\"")]
    [InlineData("category", "2")]
    [InlineData("slots", "\"三个\"")]
    [InlineData("points", "1.5")]
    [InlineData("startsAt", "\"明天上午\"")]
    [InlineData("title", "{\"text\":\"环境整治\"}")]
    [InlineData("partyMembersOnly", "\"yes\"")]
    public async Task A_field_of_the_wrong_json_type_or_an_unknown_enum_value_names_the_field(string field, string json)
    {
        var place = await api.NewCommunityAsync();
        var body = $$"""{"title":"环境整治","category":"environment","slots":3,"points":5,"startsAt":"2030-01-01T08:00:00+08:00","endsAt":"2030-01-01T11:00:00+08:00","{{field}}":{{json}}}""";

        var response = await api.Client(place.StaffToken).PostRawAsync("/api/v1/tasks", body);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("body.invalidJson", problem.Code);
        Assert.Contains(field, Assert.Single(problem.Errors![field]));
        Assert.Equal(0, await TasksInAsync(place));
    }

    [Theory]
    [InlineData("{\"title\": \"环境整治\",")]
    [InlineData("title=环境整治")]
    [InlineData("[1, 2")]
    public async Task Malformed_json_is_refused(string body)
    {
        var place = await api.NewCommunityAsync();

        var response = await api.Client(place.StaffToken).PostRawAsync("/api/v1/tasks", body);

        Assert.Equal("body.invalidJson", (await response.ProblemAsync(HttpStatusCode.BadRequest)).Code);
        Assert.Equal(0, await TasksInAsync(place));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "application/json")]
    [InlineData("null", "application/json")]
    public async Task An_empty_body_is_refused(string? body, string? contentType)
    {
        var place = await api.NewCommunityAsync();

        var response = await api.Client(place.StaffToken).PostRawAsync("/api/v1/tasks", body, contentType ?? "application/json");

        Assert.Equal("body.missing", (await response.ProblemAsync(HttpStatusCode.BadRequest)).Code);
        Assert.Equal(0, await TasksInAsync(place));
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_refused_with_413()
    {
        var place = await api.NewCommunityAsync();
        var body = ValidTask();
        body["description"] = new string('长', 30_000); // 90,000 bytes of UTF-8, over the 64 KiB default

        var response = await api.Client(place.StaffToken).PostJsonAsync("/api/v1/tasks", body);

        var problem = await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("body.tooLarge", problem.Code);
        Assert.Equal(0, await TasksInAsync(place));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_json_is_refused_with_415(string contentType)
    {
        var place = await api.NewCommunityAsync();
        var json = System.Text.Json.JsonSerializer.Serialize(ValidTask(), Support.Http.Json);

        var response = await api.Client(place.StaffToken).PostRawAsync("/api/v1/tasks", json, contentType);

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, await TasksInAsync(place));
    }

    [Theory]
    [InlineData("/api/v1/tasks/{0}", "task.notFound")]
    [InlineData("/api/v1/claims/{0}", "claim.notFound")]
    [InlineData("/api/v1/needs/{0}", "need.notFound")]
    [InlineData("/api/v1/members/{0}", "member.notFound")]
    [InlineData("/api/v1/members/{0}/points", "member.notFound")]
    [InlineData("/api/v1/communities/{0}", "community.notFound")]
    [InlineData("/api/v1/partners/{0}", "partner.notFound")]
    [InlineData("/api/v1/rewards/{0}", "reward.notFound")]
    public async Task An_unknown_id_is_404(string route, string code)
    {
        var place = await api.NewCommunityAsync();

        var response = await api.Client(place.StaffToken).GetAsync(string.Format(route, Guid.CreateVersion7()));

        Assert.Equal(code, (await response.ProblemAsync(HttpStatusCode.NotFound)).Code);
    }

    [Fact]
    public async Task Claiming_an_unknown_task_is_404_and_creates_no_claim()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);

        var response = await api.Client(resident.Token).PostJsonAsync($"/api/v1/tasks/{Guid.CreateVersion7()}/claims");

        Assert.Equal("task.notFound", (await response.ProblemAsync(HttpStatusCode.NotFound)).Code);
        Assert.False(await api.DbAsync(db => db.Claims.AnyAsync(c => c.MemberId == resident.Id)));
    }

    [Theory]
    [InlineData("GET", "/api/v1/tasks/not-a-guid")]
    [InlineData("GET", "/api/v1/claims/12345")]
    [InlineData("POST", "/api/v1/tasks/0000/claims")]
    [InlineData("GET", "/api/v1/members/%E4%B8%AD%E6%96%87")]
    public async Task An_id_that_is_not_a_guid_matches_no_route(string method, string url)
    {
        var place = await api.NewCommunityAsync();

        var response = await api.Client(place.StaffToken).SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        Assert.Equal("route.notFound", (await response.ProblemAsync(HttpStatusCode.NotFound)).Code);
    }

    [Theory]
    [InlineData("/api/v1/tasks", "page=0", "page")]
    [InlineData("/api/v1/tasks", "pageSize=0", "pageSize")]
    [InlineData("/api/v1/tasks", "pageSize=-5", "pageSize")]
    [InlineData("/api/v1/needs", "page=0", "page")]
    [InlineData("/api/v1/members", "pageSize=0", "pageSize")]
    [InlineData("/api/v1/tasks", "page=abc", "page")]
    [InlineData("/api/v1/tasks", "page=99999999999", "page")]
    [InlineData("/api/v1/tasks", "communityId=not-a-guid", "communityId")]
    [InlineData("/api/v1/tasks", "date=2026-13-45", "date")]
    public async Task A_bad_paging_or_filter_value_is_400_naming_the_parameter(string route, string query, string parameter)
    {
        var place = await api.NewCommunityAsync();

        var response = await api.Client(place.StaffToken).GetAsync($"{route}?{query}");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(parameter, Assert.Single(problem.Errors![parameter]));
    }

    [Fact]
    public async Task Bad_paging_of_the_public_grid_list_is_400_too()
    {
        var place = await api.NewCommunityAsync();

        var response = await api.Client().GetAsync($"/api/v1/communities/{place.CommunityId}/grids?page=0");

        Assert.Contains("page", (await response.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
    }

    [Fact]
    public async Task A_page_size_over_100_is_capped_to_100()
    {
        var place = await api.NewCommunityAsync();
        await AddTasksAsync(place, 101);

        var page = await (await api.Client(place.StaffToken).GetAsync($"/api/v1/tasks?communityId={place.CommunityId}&pageSize=1000"))
            .ReadAsync<Paged<TaskResponse>>();

        Assert.Equal((100, 101, 1, 100), (page.Items.Count, page.Total, page.Page, page.PageSize));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(int.MaxValue)]
    public async Task A_page_past_the_end_is_empty(int pageNumber)
    {
        var place = await api.NewCommunityAsync();
        await AddTasksAsync(place, 3);

        var page = await (await api.Client(place.StaffToken).GetAsync($"/api/v1/tasks?communityId={place.CommunityId}&page={pageNumber}&pageSize=2"))
            .ReadAsync<Paged<TaskResponse>>();

        Assert.Empty(page.Items);
        Assert.Equal((3, pageNumber), (page.Total, page.Page));
    }

    [Fact]
    public async Task Enum_filters_in_the_query_take_the_documented_camel_case_values()
    {
        var place = await api.NewCommunityAsync();
        var staff = api.Client(place.StaffToken);
        var elderlyCare = ValidTask();
        elderlyCare["category"] = "elderlyCare";
        var elderlyId = (await (await staff.PostJsonAsync("/api/v1/tasks", elderlyCare)).ReadAsync<CreatedId>(HttpStatusCode.Created)).Id;
        await api.PublishTaskAsync(place); // environment

        var page = await (await staff.GetAsync($"/api/v1/tasks?communityId={place.CommunityId}&category=elderlyCare&status=published"))
            .ReadAsync<Paged<TaskResponse>>();

        Assert.Equal(elderlyId, Assert.Single(page.Items).Id);
        var unknown = await (await staff.GetAsync($"/api/v1/tasks?communityId={place.CommunityId}&category=flying"))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("category", unknown.Errors!.Keys);
        Assert.Contains("elderlyCare", unknown.Detail);

        // Numbers are not documented values: they are refused, as in JSON bodies.
        var numeric = await staff.GetAsync($"/api/v1/tasks?communityId={place.CommunityId}&category=1");
        Assert.Contains("category", (await numeric.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
    }

    private Dictionary<string, object?> ValidTask()
    {
        var now = api.Clock.GetUtcNow();
        return new()
        {
            ["title"] = "楼道清理",
            ["description"] = "清理 3 栋楼道杂物",
            ["category"] = "environment",
            ["slots"] = 3,
            ["points"] = 5,
            ["startsAt"] = now.AddHours(1),
            ["endsAt"] = now.AddHours(3),
            ["address"] = "东门大街 18 号",
        };
    }

    private Task<int> TasksInAsync(Place place) => api.DbAsync(db => db.Tasks.CountAsync(t => t.CommunityId == place.CommunityId));

    private Task AddTasksAsync(Place place, int count) => api.DbAsync(async db =>
    {
        var now = api.Clock.GetUtcNow();
        for (var i = 0; i < count; i++)
            db.Tasks.Add(ServiceTask.Publish(place.CommunityId, new TaskTerms($"巡逻 {i}", null, TaskCategory.Patrol, 2, 5,
                now.AddHours(1), now.AddHours(2), null, false, null), place.Staff.Id, now));
        await db.SaveChangesAsync();
    });
}
