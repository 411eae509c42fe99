using System.Net;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Admin;
using Volunteer.Api.Auth;
using Volunteer.Api.Me;
using Volunteer.Domain.Common;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>Residents sign in with a mini-program code, staff with a password; both end in a bearer token.</summary>
public sealed class SignInTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    [Fact]
    public async Task A_dev_code_creates_the_member_on_first_sign_in_and_finds_them_afterwards()
    {
        var openId = "zhang-" + Guid.NewGuid().ToString("N")[..12];
        var client = api.Client();

        var first = await SignInAsync(client, "dev-" + openId);
        var second = await SignInAsync(client, "dev-" + openId);

        Assert.Equal(first.Member.Id, second.Member.Id);
        Assert.Equal(ActorRole.Resident, first.Member.Role);
        Assert.False(string.IsNullOrEmpty(first.AccessToken));
        Assert.Equal(api.Clock.GetUtcNow().AddDays(7), first.ExpiresAt);
        var me = await (await api.Client(first.AccessToken).GetAsync("/api/v1/me")).ReadAsync<ProfileResponse>();
        Assert.Equal(first.Member.Id, me.Id);
        Assert.Equal(1, await api.DbAsync(db => db.Members.CountAsync(m => m.OpenId == openId)));
        Assert.Equal(1, await api.DbAsync(db => db.PointsAccounts.CountAsync(a => a.MemberId == first.Member.Id)));
    }

    [Fact]
    public async Task Simultaneous_first_sign_ins_with_one_code_create_one_member()
    {
        var openId = "wang-" + Guid.NewGuid().ToString("N")[..12];

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => SignInAsync(api.Client(), "dev-" + openId)));

        Assert.Single(answers.Select(a => a.Member.Id).Distinct());
        Assert.Equal(1, await api.DbAsync(db => db.Members.CountAsync(m => m.OpenId == openId)));
        Assert.Equal(1, await api.DbAsync(db => db.PointsAccounts.CountAsync(a => a.MemberId == answers[0].Member.Id)));
    }

    [Theory]
    [InlineData("li-ming")]
    [InlineData("dev-")]
    [InlineData("DEV-li-ming")]
    [InlineData("dev-李明")]
    [InlineData("dev-li ming")]
    [InlineData("dev-li-ming/../admin")]
    [InlineData("dev-<65 letters>")]
    public async Task A_code_not_of_the_dev_form_is_refused_and_creates_nobody(string code)
    {
        if (code == "dev-<65 letters>")
            code = "dev-" + new string('a', 65);
        var before = await api.DbAsync(db => db.Members.CountAsync());

        var response = await api.Client().PostJsonAsync("/api/v1/auth/wechat", new { code });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("wechat.invalidCode", problem.Code);
        Assert.Contains("code", problem.Errors!.Keys);
        Assert.Equal(before, await api.DbAsync(db => db.Members.CountAsync()));
    }

    [Fact]
    public async Task A_sign_in_without_a_code_names_the_missing_field()
    {
        var response = await api.Client().PostJsonAsync("/api/v1/auth/wechat", new { });

        Assert.Contains("code", (await response.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
    }

    [Fact]
    public async Task The_right_password_gives_a_token_whose_profile_shows_role_and_community()
    {
        var place = await api.NewCommunityAsync();

        var signedIn = await (await api.Client().PostJsonAsync("/api/v1/auth/password",
            new { username = place.Staff.Username.ToUpperInvariant(), password = World.Password })).ReadAsync<SignInResponse>();

        Assert.Equal(api.Clock.GetUtcNow().AddHours(12), signedIn.ExpiresAt);
        var me = await (await api.Client(signedIn.AccessToken).GetAsync("/api/v1/me")).ReadAsync<ProfileResponse>();
        Assert.Equal((place.Staff.Id, ActorRole.CommunityStaff, place.CommunityId, place.Staff.Username),
            (me.Id, me.Role, me.CommunityId, me.Username));
        var raw = await (await api.Client(signedIn.AccessToken).GetAsync("/api/v1/me")).Content.ReadAsStringAsync();
        Assert.Contains("\"role\":\"communityStaff\"", raw);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_user_get_the_same_401()
    {
        var place = await api.NewCommunityAsync();

        var wrong = await api.Client().PostJsonAsync("/api/v1/auth/password", new { username = place.Staff.Username, password = "Wrong-pass-1" });
        var unknown = await api.Client().PostJsonAsync("/api/v1/auth/password", new { username = "nobody-" + Guid.NewGuid().ToString("N")[..8], password = "Wrong-pass-1" });

        var a = await wrong.ProblemAsync(HttpStatusCode.Unauthorized);
        var b = await unknown.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(("auth.invalidCredentials", "用户名或密码错误。"), (a.Code, a.Detail));
        Assert.Equal((a.Code, a.Detail), (b.Code, b.Detail));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_15_minutes_even_against_the_right_password()
    {
        var place = await api.NewCommunityAsync();
        var client = api.Client();

        for (var i = 0; i < 5; i++)
        {
            var wrong = await PasswordAsync(client, place.Staff.Username, $"Wrong-pass-{i}");
            Assert.Equal("auth.invalidCredentials", (await wrong.ProblemAsync(HttpStatusCode.Unauthorized)).Code);
        }

        var locked = await (await PasswordAsync(client, place.Staff.Username, World.Password)).ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("auth.lockedOut", locked.Code);
        Assert.Contains("15 分钟", locked.Detail);

        api.Clock.Advance(TimeSpan.FromMinutes(14));
        var stillLocked = await (await PasswordAsync(client, place.Staff.Username, World.Password)).ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("auth.lockedOut", stillLocked.Code);

        api.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await (await PasswordAsync(client, place.Staff.Username, World.Password)).ReadAsync<SignInResponse>();
        var account = await api.DbAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == place.Staff.Id));
        Assert.Equal((0, (DateTimeOffset?)null), (account.FailedSignIns, account.LockedUntil));
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_existing_token_at_once()
    {
        var place = await api.NewCommunityAsync();
        var admin = await api.NewAdminAsync(place.StreetId);
        var otherAdmin = await api.NewAdminAsync((await api.NewCommunityAsync()).StreetId);
        var staff = api.Client(place.StaffToken);
        await (await staff.GetAsync("/api/v1/me")).ShouldBeAsync(HttpStatusCode.OK);

        // An admin of another street does not see the account at all.
        var elsewhere = await api.Client(otherAdmin.Token).PostJsonAsync($"/api/v1/admin/accounts/{place.Staff.Id}/disable");
        Assert.Equal("account.notFound", (await elsewhere.ProblemAsync(HttpStatusCode.NotFound)).Code);
        await (await staff.GetAsync("/api/v1/me")).ShouldBeAsync(HttpStatusCode.OK);

        var disabled = await (await api.Client(admin.Token).PostJsonAsync($"/api/v1/admin/accounts/{place.Staff.Id}/disable"))
            .ReadAsync<AccountResponse>();
        Assert.True(disabled.IsDisabled);

        Assert.Equal("auth.required", (await (await staff.GetAsync("/api/v1/me")).ProblemAsync(HttpStatusCode.Unauthorized)).Code);
        var publish = await staff.PostJsonAsync("/api/v1/tasks", new { title = "停用后发布" });
        await publish.ProblemAsync(HttpStatusCode.Unauthorized);
        var again = await PasswordAsync(api.Client(), place.Staff.Username, World.Password);
        Assert.Equal("auth.disabled", (await again.ProblemAsync(HttpStatusCode.Forbidden)).Code);
        Assert.True(await api.DbAsync(db => db.Accounts.AnyAsync(a => a.Id == place.Staff.Id && a.IsDisabled)));
    }

    private static Task<HttpResponseMessage> PasswordAsync(HttpClient client, string username, string password) =>
        client.PostJsonAsync("/api/v1/auth/password", new { username, password });

    /// <summary>Signs in with a mini-program code, checking the answer never carries WeChat's session key.</summary>
    internal static async Task<SignInResponse> SignInAsync(HttpClient client, string code)
    {
        var response = await client.PostJsonAsync("/api/v1/auth/wechat", new { code });
        await response.ShouldBeAsync(HttpStatusCode.OK);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("session_key", raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("sessionKey", raw, StringComparison.OrdinalIgnoreCase);
        return System.Text.Json.JsonSerializer.Deserialize<SignInResponse>(raw, Support.Http.Json)!;
    }
}

/// <summary>The sign-in limiter, on an API of its own so its low limit touches no other test.</summary>
public sealed class SignInRateLimitTests(SignInRateLimitTests.LowLimitApi api) : IClassFixture<SignInRateLimitTests.LowLimitApi>
{
    public sealed class LowLimitApi() : ApiFactory(Provider.Postgres)
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["RateLimits:SignInPerMinute"] = "3",
        };
    }

    [Fact]
    public async Task Sign_ins_beyond_the_limit_per_minute_get_a_429_problem()
    {
        var codes = Enumerable.Range(0, 3).Select(i => $"dev-limit-{i}-{Guid.NewGuid():N}"[..30]).ToList();
        foreach (var code in codes)
            await SignInTests.SignInAsync(api.Client(), code);

        var refused = await api.Client().PostJsonAsync("/api/v1/auth/wechat", new { code = "dev-one-too-many" });

        var problem = await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("rate.limited", problem.Code);
        Assert.Equal("60", refused.Headers.RetryAfter?.ToString());
        Assert.False(await api.DbAsync(db => db.Members.AnyAsync(m => m.OpenId == "one-too-many")));
        // The password sign-in shares the limit.
        var password = await api.Client().PostJsonAsync("/api/v1/auth/password", new { username = "demo-staff", password = "Demo#2026" });
        Assert.Equal("rate.limited", (await password.ProblemAsync(HttpStatusCode.TooManyRequests)).Code);
    }
}
