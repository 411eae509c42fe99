using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Auth;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>
/// Sign-in through the real WeChat HTTP client (WeChatHttpClient) against a local stub of
/// code2Session: every answer WeChat can give becomes the right status, and the session key never
/// leaves the API.
/// </summary>
public sealed class WeChatSignInTests(WeChatSignInTests.StubbedApi api) : IClassFixture<WeChatSignInTests.StubbedApi>
{
    public sealed class StubbedApi() : ApiFactory(Provider.Postgres)
    {
        public WeChatStub Stub { get; } = new();

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["WeChat:AppId"] = WeChatStub.AppId,
            ["WeChat:AppSecret"] = WeChatStub.AppSecret,
            ["WeChat:BaseUrl"] = Stub.BaseUrl,
            ["WeChat:Timeout"] = "00:00:01.500",
        };

        public override async ValueTask InitializeAsync()
        {
            await Stub.StartAsync();
            await base.InitializeAsync();
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            await Stub.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_code_wechat_accepts_signs_in_the_member_with_wechats_openid_once()
    {
        var code = "ok-" + Guid.NewGuid().ToString("N")[..16];

        var first = await SignInAsync(code, HttpStatusCode.OK);
        var second = await SignInAsync(code, HttpStatusCode.OK);

        var signedIn = System.Text.Json.JsonSerializer.Deserialize<SignInResponse>(first, Support.Http.Json)!;
        Assert.Equal(signedIn.Member.Id, System.Text.Json.JsonSerializer.Deserialize<SignInResponse>(second, Support.Http.Json)!.Member.Id);
        var member = await api.DbAsync(db => db.Members.AsNoTracking().SingleAsync(m => m.Id == signedIn.Member.Id));
        Assert.Equal("wx-" + code[3..], member.OpenId);
        await (await api.Client(signedIn.AccessToken).GetAsync("/api/v1/me")).ShouldBeAsync(HttpStatusCode.OK);

        var asked = api.Stub.Requests.Last(r => r.GetValueOrDefault("js_code") == code);
        Assert.Equal(WeChatStub.AppId, asked["appid"]);
        Assert.Equal(WeChatStub.AppSecret, asked["secret"]);
        Assert.Equal("authorization_code", asked["grant_type"]);
    }

    [Theory]
    [InlineData(WeChatStub.Codes.InvalidCode, HttpStatusCode.BadRequest, "wechat.invalidCode")]
    [InlineData("dev-li-ming", HttpStatusCode.BadRequest, "wechat.invalidCode")] // no dev codes once WeChat is configured
    [InlineData(WeChatStub.Codes.RateLimited, HttpStatusCode.TooManyRequests, "wechat.rateLimited")]
    [InlineData(WeChatStub.Codes.RiskyUser, HttpStatusCode.Forbidden, "wechat.riskyUser")]
    [InlineData(WeChatStub.Codes.SystemBusy, HttpStatusCode.ServiceUnavailable, "wechat.unavailable")]
    [InlineData(WeChatStub.Codes.Http500, HttpStatusCode.ServiceUnavailable, "wechat.unavailable")]
    [InlineData(WeChatStub.Codes.NotJson, HttpStatusCode.ServiceUnavailable, "wechat.unavailable")]
    [InlineData(WeChatStub.Codes.NoOpenId, HttpStatusCode.ServiceUnavailable, "wechat.unavailable")]
    public async Task A_wechat_refusal_or_failure_becomes_a_problem_and_creates_nobody(string code, HttpStatusCode status, string problemCode)
    {
        var before = await api.DbAsync(db => db.Members.CountAsync());

        var body = await SignInAsync(code, status);

        var problem = System.Text.Json.JsonSerializer.Deserialize<Support.Http.Problem>(body, Support.Http.Json)!;
        Assert.Equal(problemCode, problem.Code);
        Assert.Contains(api.Stub.Requests, r => r.GetValueOrDefault("js_code") == code);
        Assert.Equal(before, await api.DbAsync(db => db.Members.CountAsync()));
    }

    [Fact]
    public async Task WeChat_not_answering_within_the_timeout_is_503()
    {
        var watch = Stopwatch.StartNew();

        var body = await SignInAsync(WeChatStub.Codes.Hang, HttpStatusCode.ServiceUnavailable);

        Assert.Contains("\"wechat.unavailable\"", body);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WeChat_unreachable_is_503()
    {
        using var unreachable = api.WithWebHostBuilder(b => b.UseSetting("WeChat:BaseUrl", $"http://127.0.0.1:{ClosedPort()}"));

        var response = await unreachable.CreateClient().PostJsonAsync("/api/v1/auth/wechat", new { code = "ok-unreachable" });

        Assert.Equal("wechat.unavailable", (await response.ProblemAsync(HttpStatusCode.ServiceUnavailable)).Code);
        Assert.False(await api.DbAsync(db => db.Members.AnyAsync(m => m.OpenId == "wx-unreachable")));
    }

    /// <summary>Signs in, checks the status and that WeChat's session key is nowhere in the answer; returns the body.</summary>
    private async Task<string> SignInAsync(string code, HttpStatusCode expected)
    {
        var response = await api.Client().PostJsonAsync("/api/v1/auth/wechat", new { code });
        if (expected != HttpStatusCode.OK)
            await response.ProblemAsync(expected);
        else
            await response.ShouldBeAsync(expected);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(WeChatStub.SessionKey, body);
        Assert.DoesNotContain("session_key", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("sessionKey", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(WeChatStub.AppSecret, body);
        return body;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
