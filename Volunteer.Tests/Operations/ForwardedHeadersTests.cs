using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Volunteer.Api.Auth;
using Volunteer.Api.Reports;
using Volunteer.Domain.Common;
using Volunteer.Domain.Privacy;
using Volunteer.Infrastructure.Privacy;
using Volunteer.Infrastructure.Reports;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Operations;

/// <summary>
/// Behind a reverse proxy (<c>Http:KnownProxies</c>): the sign-in limit and the sign-in record see the
/// client's own address from X-Forwarded-For when, and only when, the request came from a known proxy.
/// </summary>
public sealed class ForwardedHeadersTests(ForwardedHeadersTests.ProxiedApi api) : IClassFixture<ForwardedHeadersTests.ProxiedApi>
{
    private const string Proxy = "10.9.0.1";

    public sealed class ProxiedApi() : ApiFactory(Provider.Postgres)
    {
        public LogCapture Logs { get; } = new();

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Http:KnownProxies"] = Proxy,
            ["RateLimits:SignInPerMinute"] = "3",
            ["Anomalies:SharedSignInMembers"] = "2",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Volunteer.Api.Http.RequestLogging"] = "Information",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(Logs));
        }
    }

    /// <summary>A sign-in attempt (refused as incomplete, but counted by the limiter) from <paramref name="peer"/>.</summary>
    private Task<HttpResponseMessage> SignInAsync(string peer, string? forwardedFor, object? body = null, string? deviceId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/wechat") { Content = JsonContent(body ?? new { }) };
        request.Headers.Add(PeerAddress.Header, peer);
        if (forwardedFor is not null)
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (deviceId is not null)
            request.Headers.Add("X-Device-Id", deviceId);
        return api.Client().SendAsync(request);
    }

    private static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body, Support.Http.Json), System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task Two_clients_behind_the_proxy_do_not_share_a_sign_in_limit()
    {
        const string alice = "198.51.100.1", bob = "198.51.100.2";
        for (var i = 0; i < 3; i++)
            await (await SignInAsync(Proxy, alice)).ShouldBeAsync(HttpStatusCode.BadRequest);

        await (await SignInAsync(Proxy, alice)).ProblemAsync(HttpStatusCode.TooManyRequests);
        // Bob comes through the same proxy, and his own address has its own limit.
        await (await SignInAsync(Proxy, bob)).ShouldBeAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_client_not_behind_a_known_proxy_cannot_dodge_the_limit_with_X_Forwarded_For()
    {
        const string client = "203.0.113.7";
        for (var i = 0; i < 3; i++)
            await (await SignInAsync(client, $"192.0.2.{i + 1}")).ShouldBeAsync(HttpStatusCode.BadRequest);

        await (await SignInAsync(client, "192.0.2.99")).ProblemAsync(HttpStatusCode.TooManyRequests);
        await (await SignInAsync(client, null)).ProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task The_sign_in_record_keeps_the_real_clients_network_and_address_hash_and_the_logs_neither()
    {
        var place = await api.NewCommunityAsync();
        var first = await api.NewResidentAsync(place);
        var second = await api.NewResidentAsync(place);
        var mark = api.Logs.Lines.Count;

        foreach (var resident in new[] { first, second })
            await (await SignInAsync(Proxy, "198.51.100.77", new { code = "dev-" + resident.Member.OpenId }, deviceId: "device-of-" + resident.Id))
                .ReadAsync<SignInResponse>();

        var fingerprints = api.Services.GetRequiredService<SignInFingerprints>();
        var record = await api.DbAsync(db => db.Set<SignInRecord>().AsNoTracking().SingleAsync(r => r.MemberId == first.Id));
        Assert.Equal("198.51.100.0/24", record.Network);
        Assert.Equal(fingerprints.AddressHash(IPAddress.Parse("198.51.100.77")), record.AddressHash);
        Assert.NotEqual(fingerprints.AddressHash(IPAddress.Parse(Proxy)), record.AddressHash);
        Assert.Equal(fingerprints.DeviceHash("device-of-" + first.Id), record.DeviceHash);
        // Two members from one client address reach the configured threshold (2): a lead for staff.
        var report = await (await api.Client(place.StaffToken).GetAsync($"/api/v1/reports/anomalies?period={Period.Of(api.Clock.GetUtcNow())}"))
            .ReadAsync<AnomalyReportResponse>();
        var finding = Assert.Single(report.Findings, f => f.Rule == AnomalyRules.SharedSignIn);
        Assert.Equal(new[] { first.Id, second.Id }.Order(), finding.MemberIds);
        Assert.Contains("198.51.100.0/24", finding.What);
        // Neither the address nor the device id reaches the logs.
        Assert.NotEmpty(api.Logs.Lines.Skip(mark));
        Assert.DoesNotContain(api.Logs.Lines.Skip(mark), l => l.Message.Contains("198.51.100.77") || l.Message.Contains("device-of-")
            || l.Message.Contains(first.Member.OpenId!));
    }
}
