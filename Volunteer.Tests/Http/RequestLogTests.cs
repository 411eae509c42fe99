using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>
/// One line per request names the route template (never the raw path, which carries ids), the
/// status and the duration, so operators can group and time requests.
/// </summary>
public sealed class RequestLogTests(RequestLogTests.LoggedApi api) : IClassFixture<RequestLogTests.LoggedApi>
{
    public sealed class LoggedApi() : ApiFactory(Provider.Postgres)
    {
        public LogCapture Logs { get; } = new();

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Volunteer.Api.Http.RequestLogging"] = "Information",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(Logs));
        }
    }

    [Fact]
    public async Task A_refused_request_is_logged_with_its_route_template_status_and_duration()
    {
        var place = await api.NewCommunityAsync();
        var unknown = Guid.CreateVersion7();
        var mark = api.Logs.Lines.Count;

        var response = await api.Client(place.StaffToken).GetAsync($"/api/v1/tasks/{unknown}");

        await response.ProblemAsync(HttpStatusCode.NotFound);
        var line = await RequestLineAsync(mark);
        Assert.Matches(@"^HTTP GET /api/v1/tasks/\{id:guid\} responded 404 in \d+\.\d ms \(traceId \S+\)$", line.Message);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.DoesNotContain(api.Logs.Lines.Skip(mark), l => l.Message.Contains(unknown.ToString()));
    }

    [Theory]
    [InlineData("GET", "/api/v1/tasks/{id:guid}", HttpStatusCode.OK)]
    [InlineData("GET", "/api/v1/tasks/{id:guid}/claims", HttpStatusCode.OK)]
    [InlineData("POST", "/api/v1/tasks/{id:guid}/claims", HttpStatusCode.Forbidden)]
    [InlineData("POST", "/api/v1/tasks/{id:guid}/cancel", HttpStatusCode.BadRequest)]
    public async Task Answered_requests_are_logged_with_their_route_template_and_status(string method, string template, HttpStatusCode status)
    {
        var place = await api.NewCommunityAsync();
        var taskId = await api.PublishTaskAsync(place);
        var mark = api.Logs.Lines.Count;

        var request = new HttpRequestMessage(new HttpMethod(method), template.Replace("{id:guid}", taskId.ToString()));
        if (method == "POST")
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        var response = await api.Client(place.StaffToken).SendAsync(request);

        await response.ShouldBeAsync(status);
        var line = await RequestLineAsync(mark);
        Assert.Matches($@"^HTTP {method} {Regex.Escape(template)} responded {(int)status} in \d+\.\d ms \(traceId \S+\)$", line.Message);
    }

    [Fact]
    public async Task A_request_without_a_token_is_logged_under_its_route_too()
    {
        var mark = api.Logs.Lines.Count;

        await (await api.Client().GetAsync($"/api/v1/claims/{Guid.CreateVersion7()}")).ProblemAsync(HttpStatusCode.Unauthorized);

        Assert.StartsWith("HTTP GET /api/v1/claims/{id:guid} responded 401 in ", (await RequestLineAsync(mark)).Message);
    }

    [Fact]
    public async Task The_log_line_carries_the_trace_id_that_the_problem_details_show_the_user()
    {
        var place = await api.NewCommunityAsync();
        var mark = api.Logs.Lines.Count;

        var response = await api.Client(place.StaffToken).GetAsync($"/api/v1/tasks/{Guid.CreateVersion7()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var traceId = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("traceId").GetString();
        Assert.False(string.IsNullOrEmpty(traceId));
        Assert.EndsWith($"(traceId {traceId})", (await RequestLineAsync(mark)).Message);
    }

    [Fact]
    public async Task Registering_viewing_and_erasing_a_resident_logs_none_of_her_personal_data()
    {
        var place = await api.NewCommunityAsync();
        var mark = api.Logs.Lines.Count;
        var staff = api.Client(place.StaffToken);
        var created = await (await staff.PostJsonAsync("/api/v1/members", new { name = "孙丽华", phone = "13711112222", circumstances = new[] { "livingAlone" } }))
            .ReadAsync<Volunteer.Api.Members.MemberResponse>(HttpStatusCode.Created);
        await (await staff.GetAsync($"/api/v1/members/{created.Id}")).ShouldBeAsync(HttpStatusCode.OK);
        await (await staff.DeleteAsync($"/api/v1/members/{created.Id}")).ShouldBeAsync(HttpStatusCode.NoContent);

        Assert.DoesNotContain(api.Logs.Lines.Skip(mark), l => l.Message.Contains("孙丽华") || l.Message.Contains("13711112222"));
    }

    /// <summary>The request line logged after <paramref name="mark"/>; it is written as the response completes.</summary>
    private async Task<LogCapture.LogLine> RequestLineAsync(int mark)
    {
        for (var i = 0; i < 100; i++)
        {
            var lines = api.Logs.Lines.Skip(mark).Where(l => l.Category == "Volunteer.Api.Http.RequestLogging").ToList();
            if (lines.Count > 0)
                return Assert.Single(lines);
            await Task.Delay(20);
        }
        throw new Xunit.Sdk.XunitException("No request line was logged");
    }
}
