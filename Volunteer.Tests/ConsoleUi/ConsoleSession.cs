using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.ConsoleUi;

/// <summary>A browser-like HTTP session with the console: keeps cookies, does not follow redirects, reads antiforgery tokens from forms.</summary>
public sealed partial class ConsoleSession(HttpClient client)
{
    public HttpClient Client { get; } = client;

    public static ConsoleSession Open(ApiFactory api)
    {
        api.EnsureAvailable();
        return new ConsoleSession(api.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false }));
    }

    public static async Task<ConsoleSession> SignInAsync(ApiFactory api, string username, string password = World.Password)
    {
        var session = Open(api);
        var response = await session.SubmitAsync("/console", new() { ["username"] = username, ["password"] = password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in as {username} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return session;
    }

    public async Task<string> HtmlAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {url}: expected {(int)expected}, got {(int)response.StatusCode} {response.Headers.Location}\n{html}");
        return html;
    }

    /// <summary>Loads <paramref name="page"/>, takes the antiforgery token of its forms and posts <paramref name="fields"/> to <paramref name="action"/> (the page itself by default).</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string page, Dictionary<string, string> fields, string? action = null)
    {
        var html = await HtmlAsync(page);
        var token = TokenIn(html) ?? throw new InvalidOperationException($"no antiforgery token on {page}");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return await Client.PostAsync(action ?? page, new FormUrlEncodedContent(form));
    }

    public Task<HttpResponseMessage> PostWithoutTokenAsync(string action, Dictionary<string, string> fields) =>
        Client.PostAsync(action, new FormUrlEncodedContent(fields));

    public static string? TokenIn(string html) => TokenField().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="([^"]+)" """)]
    private static partial Regex TokenField();
}
