using System.Diagnostics;
using Activity = System.Diagnostics.Activity;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.Observability;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Operations;

/// <summary>
/// The meter is process-wide, so these tests run alone (after the parallel ones): the counts they read
/// moved because of what they did, and by exactly that much.
/// </summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;

/// <summary>
/// Prometheus metrics on a management port of their own: the public port has no metrics path, the
/// management port shows requests, database calls and the platform's counters moving.
/// </summary>
[Collection(nameof(MetricsCollection))]
public sealed class MetricsTests(MetricsTests.MeteredApi api) : IClassFixture<MetricsTests.MeteredApi>
{
    public sealed class MeteredApi() : ApiFactory(Provider.Postgres)
    {
        public int MetricsPort { get; } = FreePort();

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Metrics:Port"] = MetricsPort.ToString(CultureInfo.InvariantCulture),
            ["Metrics:Host"] = "localhost",
        };

        private static int FreePort()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
    }

    private static readonly HttpClient Scraper = new() { Timeout = TimeSpan.FromSeconds(20) };

    private async Task<Scrape> ScrapeAsync()
    {
        var response = await Scraper.GetAsync($"http://localhost:{api.MetricsPort}/metrics");
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return new Scrape(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_public_port_has_no_metrics_path()
    {
        // A claim moves a platform counter: a counter shows in the exposition only once it has a measurement,
        // and this test may run before any other in the process has made one.
        var place = await api.NewCommunityAsync();
        await api.ClaimAsync((await api.NewResidentAsync(place)).Token, await api.PublishTaskAsync(place));
        foreach (var path in new[] { "/metrics", "/metrics/" })
            Assert.Equal(HttpStatusCode.NotFound, (await api.Client().GetAsync(path)).StatusCode);
        // Only the management port serves them.
        Assert.Contains("volunteer_claims_total", (await ScrapeAsync()).Text);
    }

    [Fact]
    public async Task A_claim_and_a_redemption_move_their_counters_and_requests_and_database_calls_are_measured()
    {
        var place = await api.NewCommunityAsync();
        var volunteer = await api.NewResidentWithPointsAsync(place, 100);
        var task = await api.PublishTaskAsync(place, slots: 1);
        var shop = await api.NewShopAsync(place);
        var reward = await api.PublishRewardAsync(shop, place, cost: 20);
        var latecomer = await api.NewResidentAsync(place);
        var before = await ScrapeAsync();

        await api.ClaimAsync(volunteer.Token, task);
        await (await api.Client(latecomer.Token).PostJsonAsync($"/api/v1/tasks/{task}/claims")).ShouldBeAsync(HttpStatusCode.Conflict);
        var redemption = await api.RedeemOkAsync(volunteer.Token, reward.Id);
        await (await api.FulfilAsync(shop.Token, redemption.Code!)).ShouldBeAsync(HttpStatusCode.OK);
        var after = await ScrapeAsync();

        Assert.Equal(1, after.Sum("volunteer_claims_total", "outcome=\"claimed\"") - before.Sum("volunteer_claims_total", "outcome=\"claimed\""));
        Assert.Equal(1, after.Sum("volunteer_claims_total", "code=\"task.full\"") - before.Sum("volunteer_claims_total", "code=\"task.full\""));
        Assert.Equal(1, after.Sum("volunteer_redemptions_total", "outcome=\"redeemed\"") - before.Sum("volunteer_redemptions_total", "outcome=\"redeemed\""));
        Assert.Equal(1, after.Sum("volunteer_redemptions_total", "outcome=\"fulfilled\"") - before.Sum("volunteer_redemptions_total", "outcome=\"fulfilled\""));
        Assert.Equal(1, after.Sum("volunteer_requests_refused_total", "code=\"task.full\"") - before.Sum("volunteer_requests_refused_total", "code=\"task.full\""));
        // Requests by route template (never the raw path with its ids), and the database driver's calls.
        Assert.True(after.Sum("http_server_request_duration_seconds_count", "http_route=\"/api/v1/tasks/{id:guid}/claims\"") >= 2);
        Assert.DoesNotContain(task.ToString(), after.Text);
        Assert.Contains(after.Names, n => n.StartsWith("db_client_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_job_run_is_counted_timed_and_traced_and_deliveries_are_counted()
    {
        var place = await api.NewCommunityAsync();
        var volunteer = await api.NewResidentAsync(place);
        await api.ClaimAsync(volunteer.Token, await api.PublishTaskAsync(place)); // a 认领成功 message to deliver
        var spans = new List<System.Diagnostics.Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == VolunteerTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) spans.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);
        var before = await ScrapeAsync();

        await using (var scope = api.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RecurringJobRunner>().RunAsync(Scheduling.ExpiryJobId, CancellationToken.None);
        await using (var scope = api.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DeliverNotifications>().RunAsync(CancellationToken.None);
        var after = await ScrapeAsync();

        var labels = $"job=\"{Scheduling.ExpiryJobId}\"";
        Assert.Equal(1, after.Sum("volunteer_job_runs_total", labels, "outcome=\"succeeded\"") - before.Sum("volunteer_job_runs_total", labels, "outcome=\"succeeded\""));
        Assert.Equal(1, after.Sum("volunteer_job_duration_seconds_count", labels) - before.Sum("volunteer_job_duration_seconds_count", labels));
        // WeChat is not configured here: the delivery is settled as skipped, and counted so.
        Assert.True(after.Sum("volunteer_notification_deliveries_total", "result=\"skipped\"", "reason=\"wechatNotConfigured\"")
            > before.Sum("volunteer_notification_deliveries_total", "result=\"skipped\"", "reason=\"wechatNotConfigured\""));
        lock (spans)
        {
            var run = Assert.Single(spans, s => s.DisplayName == $"job {Scheduling.ExpiryJobId}");
            Assert.Equal(Scheduling.ExpiryJobId, run.GetTagItem("volunteer.job"));
            Assert.Contains(spans, s => s.DisplayName == "notification.deliver");
        }
    }

    /// <summary>A Prometheus text exposition, read line by line.</summary>
    private sealed record Scrape(string Text)
    {
        private IEnumerable<(string Name, string Labels, double Value)> Samples =>
            Text.Split('\n')
                .Where(l => l.Length > 0 && l[0] != '#')
                .Select(l =>
                {
                    var valueAt = l.LastIndexOf(' ');
                    var series = l[..valueAt];
                    var brace = series.IndexOf('{');
                    return (brace < 0 ? series : series[..brace], brace < 0 ? "" : series[brace..],
                        double.Parse(l[(valueAt + 1)..], CultureInfo.InvariantCulture));
                });

        public IReadOnlySet<string> Names => Samples.Select(s => s.Name).ToHashSet();

        /// <summary>The sum over the series of <paramref name="name"/> that carry every label given.</summary>
        public double Sum(string name, params string[] labels) =>
            Samples.Where(s => s.Name == name && labels.All(l => s.Labels.Contains(l, StringComparison.Ordinal))).Sum(s => s.Value);
    }
}
