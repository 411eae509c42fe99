using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.ConsoleUi;

/// <summary>
/// The console's cookies are protected with a key ring kept in the database: a second instance on the same database
/// (or the same one restarted) accepts the sign-in cookie and the forms' antiforgery tokens another one issued, and
/// both use one key instead of each making its own.
/// </summary>
public abstract class ConsoleKeyRingTests(ApiFactory api)
{
    [Fact]
    public async Task A_staff_member_signed_in_on_one_instance_stays_signed_in_on_another_and_its_forms_are_accepted_there()
    {
        var place = await api.NewCommunityAsync();
        Assert.Empty(await api.DbAsync(db => db.DataProtectionKeys.AsNoTracking().ToListAsync())); // nothing made at start

        // Signed in on the first instance, cookies carried by hand as a browser would.
        var first = api.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        var form = await first.GetAsync("/console");
        var cookies = CookiesOf(form);
        var signIn = await PostAsync(first, "/console", cookies, ConsoleSession.TokenIn(await form.Content.ReadAsStringAsync())!,
            new() { ["username"] = place.Staff.Username, ["password"] = World.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        cookies = cookies.Concat(CookiesOf(signIn)).ToList();
        var page = await GetAsync(first, "/console/tasks", cookies);
        Assert.Contains(place.Staff.DisplayName, page);
        var key = Assert.Single(await api.DbAsync(db => db.DataProtectionKeys.AsNoTracking().ToListAsync()));
        Assert.StartsWith("key-", key.FriendlyName, StringComparison.Ordinal);
        Assert.Contains("<key id=", key.Xml, StringComparison.Ordinal);

        await using var other = new OtherInstance(api.Provider, api.ConnectionString!);
        var second = other.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });

        var there = await GetAsync(second, "/console/tasks", cookies);
        Assert.Contains(place.Staff.DisplayName, there);
        Assert.Contains("退出登录", there);

        // A form the first instance rendered (its antiforgery token) is accepted by the second: sign out there.
        var signOut = await PostAsync(second, "/console/sign-out", cookies, ConsoleSession.TokenIn(page)!, []);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Contains(signOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith("volunteer.console=;", StringComparison.Ordinal));
        Assert.Single(await api.DbAsync(db => db.DataProtectionKeys.AsNoTracking().ToListAsync())); // one ring, one key
    }

    private static List<string> CookiesOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]).ToList() : [];

    private static async Task<string> GetAsync(HttpClient client, string url, List<string> cookies)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", string.Join("; ", cookies));
        var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {response.Headers.Location}");
        return html;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, List<string> cookies, string token, Dictionary<string, string> fields)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token }),
        };
        request.Headers.Add("Cookie", string.Join("; ", cookies));
        return client.SendAsync(request);
    }

    /// <summary>Another API process on the same database.</summary>
    private sealed class OtherInstance(Provider provider, string connectionString) : ApiFactory(provider, connectionString);
}

public sealed class ConsoleKeyRingOnPostgres(PostgresApi api) : ConsoleKeyRingTests(api), IClassFixture<PostgresApi>;

public sealed class ConsoleKeyRingOnSqlite(SqliteApi api) : ConsoleKeyRingTests(api), IClassFixture<SqliteApi>;
