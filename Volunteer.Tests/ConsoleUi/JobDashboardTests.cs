using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Api.Jobs;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.ConsoleUi;

/// <summary>
/// The job dashboard at /console/jobs, behind the console's sign-in: platform admins may retry and
/// trigger, street admins only look, everybody else is refused.
/// </summary>
public sealed partial class JobDashboardTests(JobDashboardTests.Node node) : IClassFixture<JobDashboardTests.Node>
{
    /// <summary>A job server on the embedded default whose recurring jobs do not fire during the tests (expiry once a day).</summary>
    public sealed class Node : IAsyncLifetime
    {
        private readonly SqliteApi _owner = new();

        public SchedulerNode Api { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            await _owner.InitializeAsync();
            Api = new SchedulerNode(Provider.Sqlite, _owner.ConnectionString!, new Dictionary<string, string?>
            {
                ["Jobs:ExpiryInterval"] = "1.00:00:00",
                ["Jobs:RetryCron"] = "0 7 * * * ?",
            });
            await Api.InitializeAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Api.DisposeAsync();
            await _owner.DisposeAsync();
        }
    }

    private SchedulerNode Api => node.Api;

    [Fact]
    public async Task Anonymous_visitors_and_bearer_tokens_are_sent_to_the_console_sign_in()
    {
        var place = await Api.NewCommunityAsync();
        var resident = await Api.NewResidentAsync(place);
        var admin = await Api.NewAdminAsync(null);

        var anonymous = await ConsoleSession.Open(Api).Client.GetAsync(JobDashboard.Path);
        var withToken = ConsoleSession.Open(Api).Client;
        withToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", resident.Token);
        var residentAnswer = await withToken.GetAsync(JobDashboard.Path + "/recurring");
        withToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin.Token);
        var adminTokenAnswer = await withToken.GetAsync(JobDashboard.Path + "/recurring");

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/console?returnUrl=%2Fconsole%2Fjobs", anonymous.Headers.Location?.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, residentAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, adminTokenAnswer.StatusCode);
    }

    [Fact]
    public async Task Community_staff_and_partner_staff_are_refused()
    {
        var place = await Api.NewCommunityAsync();
        var (_, partnerStaff) = await Api.NewPartnerAsync(place);
        var lastRun = LastJobOf(Scheduling.ExpiryJobId);

        foreach (var username in new[] { place.Staff.Username, partnerStaff.Account.Username })
        {
            var session = await ConsoleSession.SignInAsync(Api, username);
            Assert.Equal(HttpStatusCode.Forbidden, (await session.Client.GetAsync(JobDashboard.Path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await session.Client.GetAsync(JobDashboard.Path + "/recurring")).StatusCode);
            var trigger = await session.Client.PostAsync(JobDashboard.Path + "/recurring/trigger", Jobs(Scheduling.ExpiryJobId));
            Assert.Equal(HttpStatusCode.Forbidden, trigger.StatusCode);
        }
        Assert.Equal(lastRun, LastJobOf(Scheduling.ExpiryJobId));
    }

    [Fact]
    public async Task A_street_admin_sees_the_jobs_but_can_neither_trigger_nor_retry()
    {
        var place = await Api.NewCommunityAsync();
        var admin = await Api.NewAdminAsync(place.StreetId);
        var failed = FailedJob();
        var lastRun = LastJobOf(Scheduling.ExpiryJobId);
        var session = await ConsoleSession.SignInAsync(Api, admin.Account.Username);

        var recurring = await session.HtmlAsync(JobDashboard.Path + "/recurring");
        Assert.Contains("monthly-ranking", recurring);
        Assert.Contains("0 0 1 1 * ?", recurring);
        Assert.DoesNotContain("recurring/trigger", recurring);
        var failedPage = await session.HtmlAsync(JobDashboard.Path + "/jobs/failed");
        Assert.Contains("no-such-job", failedPage);

        var token = CsrfToken(recurring);
        var trigger = await PostAsync(session, "/recurring/trigger", Jobs(Scheduling.ExpiryJobId), token);
        var retry = await PostAsync(session, "/jobs/failed/requeue", Jobs(failed), token);
        var stats = await PostAsync(session, "/stats", new FormUrlEncodedContent([new("metrics[]", "failed:count")]), token);

        Assert.Equal(HttpStatusCode.Forbidden, trigger.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, retry.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Equal(lastRun, LastJobOf(Scheduling.ExpiryJobId));
        Assert.Equal("Failed", StateOf(failed));
    }

    [Fact]
    public async Task A_platform_admin_triggers_a_recurring_job_and_retries_a_failed_one()
    {
        var admin = await Api.NewAdminAsync(null);
        var failed = FailedJob();
        var lastRun = LastJobOf(Scheduling.ExpiryJobId);
        var session = await ConsoleSession.SignInAsync(Api, admin.Account.Username);

        var home = await session.HtmlAsync(JobDashboard.Path);
        Assert.Contains("定时任务", home);
        var recurring = await session.HtmlAsync(JobDashboard.Path + "/recurring");
        Assert.Contains("recurring/trigger", recurring);
        var token = CsrfToken(recurring);

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(session, "/recurring/trigger", Jobs(Scheduling.ExpiryJobId), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(session, "/recurring/trigger", Jobs(Scheduling.ExpiryJobId), token)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync(session, "/jobs/failed/requeue", Jobs(failed), token)).StatusCode);

        Assert.NotEqual(lastRun, LastJobOf(Scheduling.ExpiryJobId));
        // Retried: it went back to the queue and ran again (and failed again: the job does not exist).
        var history = await WaitForAsync(() => Storage.GetMonitoringApi().JobDetails(failed).History.Select(h => h.StateName).ToList(),
            h => h.Count(s => s == "Failed") == 2);
        Assert.Equal(["Enqueued", "Processing", "Failed", "Enqueued", "Processing", "Failed"], history.AsEnumerable().Reverse().Where(s => s != "Scheduled"));
    }

    private JobStorage Storage => Api.Services.GetRequiredService<JobStorage>();

    /// <summary>A fire-and-forget job that fails and is not retried automatically.</summary>
    private string FailedJob()
    {
        var id = Api.Services.GetRequiredService<IBackgroundJobs>()
            .Enqueue<RecurringJobRunner>(r => r.RunUntilNextFiringAsync("no-such-job", CancellationToken.None));
        WaitForAsync(() => StateOf(id), s => s == "Failed").GetAwaiter().GetResult();
        return id;
    }

    private string? StateOf(string jobId)
    {
        using var connection = Storage.GetConnection();
        return connection.GetStateData(jobId)?.Name;
    }

    private string? LastJobOf(string recurringJobId)
    {
        using var connection = Storage.GetConnection();
        return connection.GetRecurringJobs().Single(j => j.Id == recurringJobId).LastJobId;
    }

    private static async Task<T> WaitForAsync<T>(Func<T> read, Func<T, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var value = read();
            if (done(value))
                return value;
            if (DateTime.UtcNow > until)
                Assert.Fail($"Not reached: {value}");
            await Task.Delay(100);
        }
    }

    private static FormUrlEncodedContent Jobs(string id) => new([new("jobs[]", id)]);

    private static Task<HttpResponseMessage> PostAsync(ConsoleSession session, string path, HttpContent body, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, JobDashboard.Path + path) { Content = body };
        if (token is not null)
            request.Headers.Add("RequestVerificationToken", token);
        return session.Client.SendAsync(request);
    }

    private static string CsrfToken(string html) =>
        WebUtility.HtmlDecode(CsrfMeta().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no csrf-token"));

    [GeneratedRegex("""<meta name="csrf-token" content="([^"]+)">""")]
    private static partial Regex CsrfMeta();
}
