using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Volunteer.Tests.Support;

/// <summary>
/// A local imitation of WeChat's server APIs on a real socket.
/// <c>GET /sns/jscode2session</c>: the <c>js_code</c> chooses the answer: <c>ok-…</c> succeeds with openid
/// <c>wx-…</c> (<c>okunion-…</c> also with unionid <c>union-…</c>); <see cref="Codes"/> name the failures;
/// any other code is refused as WeChat refuses an unknown one (40029).
/// The server APIs (stable_token, subscribe/send, getwxacodeunlimit, getuserphonenumber, msg_sec_check)
/// check the access token like WeChat (40001 for one that is not current) and record what they
/// received; <see cref="FailNextSends"/> makes the next sends fail on purpose.
/// </summary>
public sealed partial class WeChatStub : IAsyncDisposable
{
    public const string AppId = "wx1234567890abcdef";
    public const string AppSecret = "stub-app-secret-0123456789";
    /// <summary>The session key WeChat hands out; it must never leave the API.</summary>
    public const string SessionKey = "STUB-SESSION-KEY-tiihtNczf5v6AKRyjwEUhQ==";

    public static class Codes
    {
        public const string InvalidCode = "bad";
        public const string RateLimited = "busy";
        public const string RiskyUser = "risky";
        public const string SystemBusy = "system-error";
        public const string Http500 = "http-500";
        public const string Hang = "hang";
        public const string NotJson = "not-json";
        public const string NoOpenId = "no-openid";
    }

    private WebApplication? _app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Every query string the stub received, in order.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Requests { get; } = new();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Stub",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/sns/jscode2session", AnswerAsync);
        MapServerApis(_app);
        await _app.StartAsync();
        BaseUrl = _app.Urls.Single();
    }

    private async Task<IResult> AnswerAsync(HttpRequest request, CancellationToken ct)
    {
        Requests.Enqueue(request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()));
        var code = request.Query["js_code"].ToString();
        switch (code)
        {
            case var union when union.StartsWith("okunion-", StringComparison.Ordinal):
                return Plain($$"""{"session_key":"{{SessionKey}}","openid":"wx-{{union[8..]}}","unionid":"union-{{union[8..]}}"}""");
            case var ok when ok.StartsWith("ok-", StringComparison.Ordinal):
                return Plain($$"""{"session_key":"{{SessionKey}}","openid":"wx-{{ok[3..]}}"}""");
            case Codes.RateLimited:
                return Plain("""{"errcode":45011,"errmsg":"api minute-quota reach limit  mustslower  retry next minute"}""");
            case Codes.RiskyUser:
                return Plain("""{"errcode":40226,"errmsg":"invalid user, risky user"}""");
            case Codes.SystemBusy:
                return Plain("""{"errcode":-1,"errmsg":"system error"}""");
            case Codes.Http500:
                return Results.StatusCode(StatusCodes.Status500InternalServerError);
            case Codes.NotJson:
                return Results.Content("<html>502 Bad Gateway</html>", "text/html");
            case Codes.NoOpenId:
                return Plain($$"""{"session_key":"{{SessionKey}}"}""");
            case Codes.Hang:
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), ct);
                }
                catch (OperationCanceledException)
                {
                }
                return Results.Empty;
            default:
                return Plain("""{"errcode":40029,"errmsg":"invalid code"}""");
        }
    }

    // WeChat labels its JSON text/plain.
    private static IResult Plain(string json) => Results.Text(json, "text/plain");

    public async ValueTask DisposeAsync()
    {
        if (_app is null)
            return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
