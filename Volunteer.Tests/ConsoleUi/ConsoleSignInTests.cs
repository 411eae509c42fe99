using System.Net;
using Microsoft.EntityFrameworkCore;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.ConsoleUi;

/// <summary>Sign-in to the web console: the API's password use case behind a cookie that only the console accepts.</summary>
public sealed class ConsoleSignInTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    [Fact]
    public async Task Staff_sign_in_with_the_form_and_get_an_http_only_cookie_scoped_to_the_console()
    {
        var place = await api.NewCommunityAsync();
        var session = ConsoleSession.Open(api);
        var form = await session.HtmlAsync("/console");
        Assert.Contains("工作人员登录", form);
        Assert.Contains("""<label for="username">用户名</label>""", form);

        var html = await session.HtmlAsync("/console");
        var response = await session.Client.PostAsync("/console", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = place.Staff.Username.ToUpperInvariant(),
            ["password"] = World.Password,
            ["__RequestVerificationToken"] = ConsoleSession.TokenIn(html)!,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/console", response.Headers.Location?.OriginalString);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("volunteer.console=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/console", cookie, StringComparison.OrdinalIgnoreCase);
        var home = await session.HtmlAsync("/console");
        Assert.Contains(place.Staff.DisplayName, home);
        Assert.Contains("退出登录", home);
    }

    [Fact]
    public async Task A_wrong_password_shows_the_apis_chinese_message_and_five_lock_the_account_as_for_the_api()
    {
        var place = await api.NewCommunityAsync();
        var session = ConsoleSession.Open(api);

        for (var i = 0; i < 5; i++)
        {
            var wrong = await session.SubmitAsync("/console", new() { ["username"] = place.Staff.Username, ["password"] = "wrong-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Contains("用户名或密码错误。", await wrong.Content.ReadAsStringAsync());
        }
        var locked = await session.SubmitAsync("/console", new() { ["username"] = place.Staff.Username, ["password"] = World.Password });

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Contains("账号已临时锁定", await locked.Content.ReadAsStringAsync());
        Assert.DoesNotContain(locked.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("volunteer.console=", StringComparison.Ordinal));
        // The API refuses the right password too: one lockout for both doors.
        var api2 = await api.Client().PostJsonAsync("/api/v1/auth/password", new { username = place.Staff.Username, password = World.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, api2.StatusCode);
    }

    [Fact]
    public async Task The_sign_in_form_without_its_antiforgery_token_is_refused()
    {
        var place = await api.NewCommunityAsync();
        var session = ConsoleSession.Open(api);
        await session.HtmlAsync("/console");

        var response = await session.PostWithoutTokenAsync("/console", new() { ["username"] = place.Staff.Username, ["password"] = World.Password });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("volunteer.console=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_console_cookie_never_authenticates_the_api_and_a_bearer_token_never_opens_the_console()
    {
        var place = await api.NewCommunityAsync();
        var signIn = await ConsoleSession.Open(api).SubmitAsync("/console", new() { ["username"] = place.Staff.Username, ["password"] = World.Password });
        var value = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("volunteer.console=", StringComparison.Ordinal)).Split(';')[0];

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        request.Headers.Add("Cookie", value);
        var apiAnswer = await api.Client().SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, apiAnswer.StatusCode);

        var console = api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        console.DefaultRequestHeaders.Authorization = new("Bearer", place.StaffToken);
        var page = await console.GetAsync("/console/account");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("http://localhost/console?returnUrl=", page.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Residents_have_no_console_account_and_pages_send_anonymous_visitors_to_sign_in()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);
        var session = ConsoleSession.Open(api);

        var answer = await session.SubmitAsync("/console", new() { ["username"] = "resident-" + resident.Id.ToString("N")[..8], ["password"] = World.Password });
        var page = await session.Client.GetAsync("/console/account");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/console?returnUrl=%2Fconsole%2Faccount", page.Headers.Location?.PathAndQuery);
    }

    [Fact]
    public async Task A_disabled_account_or_a_new_password_ends_the_console_session()
    {
        var place = await api.NewCommunityAsync();
        var other = await api.NewCommunityAsync();
        var admin = await api.NewAdminAsync(place.StreetId);
        var disabled = await ConsoleSession.SignInAsync(api, place.Staff.Username);
        var repassworded = await ConsoleSession.SignInAsync(api, other.Staff.Username);
        Assert.Contains(place.Staff.DisplayName, await disabled.HtmlAsync("/console"));

        await (await api.Client(admin.Token).PostJsonAsync($"/api/v1/admin/accounts/{place.Staff.Id}/disable")).ShouldBeAsync(HttpStatusCode.OK);
        await api.DbAsync(async db =>
        {
            var account = await db.Accounts.SingleAsync(a => a.Id == other.Staff.Id);
            account.SetPasswordHash(account.PasswordHash);
            await db.SaveChangesAsync();
        });

        var afterDisable = await disabled.HtmlAsync("/console");
        Assert.Contains("工作人员登录", afterDisable);
        Assert.DoesNotContain(place.Staff.DisplayName, afterDisable);
        Assert.Equal(HttpStatusCode.Redirect, (await disabled.Client.GetAsync("/console/account")).StatusCode);
        Assert.Contains("工作人员登录", await AfterStampCacheAsync(repassworded));
    }

    [Fact]
    public async Task Sign_out_ends_the_session_and_needs_the_antiforgery_token()
    {
        var place = await api.NewCommunityAsync();
        var session = await ConsoleSession.SignInAsync(api, place.Staff.Username);

        var forged = await session.PostWithoutTokenAsync("/console/sign-out", new());
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains(place.Staff.DisplayName, await session.HtmlAsync("/console"));

        var signOut = await session.SubmitAsync("/console", new(), "/console/sign-out");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var after = await session.HtmlAsync("/console");
        Assert.Contains("工作人员登录", after);
    }

    /// <summary>
    /// A password changed behind this instance's back applies once the 30-second stamp cache ends;
    /// the cache runs on real time, so the test empties it instead of waiting.
    /// </summary>
    private async Task<string> AfterStampCacheAsync(ConsoleSession session)
    {
        var cache = (Microsoft.Extensions.Caching.Memory.MemoryCache)api.Services.GetService(typeof(Microsoft.Extensions.Caching.Memory.IMemoryCache))!;
        cache.Clear();
        return await session.HtmlAsync("/console");
    }
}
