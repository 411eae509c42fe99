using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Volunteer.Tests.Support;

/// <summary>A failure the stub answers a send with instead of accepting it.</summary>
public enum SendFailure
{
    Http500,
    /// <summary>errcode -1, system busy.</summary>
    SystemBusy,
    /// <summary>errcode 43101: the user holds no subscription for the template.</summary>
    Refused,
    /// <summary>errcode 47003: a value breaks the template's rules.</summary>
    BadData,
    /// <summary>Answers after the client gave up.</summary>
    Hang,
}

/// <summary>One subscribe message the stub accepted.</summary>
public sealed record SentMessage(string ToUser, string TemplateId, string Page, IReadOnlyDictionary<string, string> Data);

public sealed partial class WeChatStub
{
    /// <summary>Bytes the stub serves as a 小程序码 (a JPEG header and the scene).</summary>
    public static byte[] WxaCodeBytes(string scene) => [0xFF, 0xD8, 0xFF, 0xE0, .. System.Text.Encoding.ASCII.GetBytes(scene)];

    /// <summary>Text msg_sec_check calls risky / wants reviewed when it contains these words.</summary>
    public const string RiskyWord = "违禁词";
    public const string ReviewWord = "可疑词";

    private readonly Lock _tokenGate = new();
    private int _tokenSerial;
    private string? _token;
    private readonly ConcurrentQueue<SendFailure> _sendFailures = new();

    public int TokenRequests => Volatile.Read(ref _tokenRequests);
    private int _tokenRequests;

    /// <summary>Every send the stub accepted, in order.</summary>
    public ConcurrentQueue<SentMessage> Sent { get; } = new();

    /// <summary>How many send requests arrived (accepted or not).</summary>
    public int SendAttempts => Volatile.Read(ref _sendAttempts);
    private int _sendAttempts;

    /// <summary>Requests that carried a token that was not current (answered 40001).</summary>
    public int StaleTokenRequests => Volatile.Read(ref _staleTokenRequests);
    private int _staleTokenRequests;

    public ConcurrentQueue<string> WxaCodeScenes { get; } = new();
    public ConcurrentQueue<(string OpenId, int Scene)> ContentChecks { get; } = new();

    /// <summary>The next sends fail this way, one failure per send, in order.</summary>
    public void FailNextSends(params SendFailure[] failures)
    {
        foreach (var failure in failures)
            _sendFailures.Enqueue(failure);
    }

    /// <summary>The current token stops working, as when another server force-refreshed it.</summary>
    public void RotateToken()
    {
        lock (_tokenGate)
            _token = $"STUB-TOKEN-{++_tokenSerial}";
    }

    private string CurrentToken()
    {
        lock (_tokenGate)
            return _token ??= $"STUB-TOKEN-{++_tokenSerial}";
    }

    private void MapServerApis(WebApplication app)
    {
        app.MapPost("/cgi-bin/stable_token", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref _tokenRequests);
            using var body = await JsonDocument.ParseAsync(request.Body);
            var root = body.RootElement;
            if (root.GetProperty("appid").GetString() != AppId || root.GetProperty("secret").GetString() != AppSecret)
                return Plain("""{"errcode":40125,"errmsg":"invalid appsecret"}""");
            if (root.TryGetProperty("force_refresh", out var force) && force.GetBoolean())
                RotateToken();
            return Plain($$"""{"access_token":"{{CurrentToken()}}","expires_in":7200}""");
        });

        app.MapPost("/cgi-bin/message/subscribe/send", async (HttpRequest request, CancellationToken ct) =>
        {
            Interlocked.Increment(ref _sendAttempts);
            if (StaleToken(request) is { } stale)
                return stale;
            if (_sendFailures.TryDequeue(out var failure))
            {
                switch (failure)
                {
                    case SendFailure.Http500:
                        return Results.StatusCode(StatusCodes.Status500InternalServerError);
                    case SendFailure.SystemBusy:
                        return Plain("""{"errcode":-1,"errmsg":"system error"}""");
                    case SendFailure.Refused:
                        return Plain("""{"errcode":43101,"errmsg":"user refuse to accept the msg"}""");
                    case SendFailure.BadData:
                        return Plain("""{"errcode":47003,"errmsg":"argument invalid! data.thing1.value invalid"}""");
                    case SendFailure.Hang:
                        try
                        {
                            await Task.Delay(TimeSpan.FromSeconds(30), ct);
                        }
                        catch (OperationCanceledException)
                        {
                        }
                        return Results.Empty;
                }
            }
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            var root = body.RootElement;
            var data = root.GetProperty("data").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("value").GetString()!);
            // WeChat's own limit on thing values; the API must never send more.
            if (data.Any(d => d.Key.StartsWith("thing", StringComparison.Ordinal) && new System.Globalization.StringInfo(d.Value).LengthInTextElements > 20))
                return Plain("""{"errcode":47003,"errmsg":"argument invalid! thing too long"}""");
            Sent.Enqueue(new SentMessage(root.GetProperty("touser").GetString()!, root.GetProperty("template_id").GetString()!,
                root.GetProperty("page").GetString()!, data));
            return Plain("""{"errcode":0,"errmsg":"ok","msgid":1}""");
        });

        app.MapPost("/wxa/getwxacodeunlimit", async (HttpRequest request) =>
        {
            if (StaleToken(request) is { } stale)
                return stale;
            using var body = await JsonDocument.ParseAsync(request.Body);
            var scene = body.RootElement.GetProperty("scene").GetString()!;
            WxaCodeScenes.Enqueue(scene);
            if (scene.Length > 32)
                return Plain("""{"errcode":40169,"errmsg":"invalid length for scene"}""");
            return Results.Bytes(WxaCodeBytes(scene), "image/jpeg");
        });

        app.MapPost("/wxa/business/getuserphonenumber", async (HttpRequest request) =>
        {
            if (StaleToken(request) is { } stale)
                return stale;
            using var body = await JsonDocument.ParseAsync(request.Body);
            var code = body.RootElement.GetProperty("code").GetString()!;
            if (!code.StartsWith("phone-", StringComparison.Ordinal))
                return Plain("""{"errcode":40029,"errmsg":"invalid code"}""");
            var phone = code[6..];
            return Plain($$$"""{"errcode":0,"errmsg":"ok","phone_info":{"phoneNumber":"{{{phone}}}","purePhoneNumber":"{{{phone}}}","countryCode":"86"}}""");
        });

        app.MapPost("/wxa/msg_sec_check", async (HttpRequest request) =>
        {
            if (StaleToken(request) is { } stale)
                return stale;
            using var body = await JsonDocument.ParseAsync(request.Body);
            var root = body.RootElement;
            if (root.GetProperty("version").GetInt32() != 2)
                return Plain("""{"errcode":47001,"errmsg":"data format error"}""");
            ContentChecks.Enqueue((root.GetProperty("openid").GetString()!, root.GetProperty("scene").GetInt32()));
            var content = root.GetProperty("content").GetString() ?? "";
            var suggest = content.Contains(RiskyWord, StringComparison.Ordinal) ? "risky"
                : content.Contains(ReviewWord, StringComparison.Ordinal) ? "review" : "pass";
            return Plain($$$"""{"errcode":0,"errmsg":"ok","result":{"suggest":"{{{suggest}}}","label":100}}""");
        });
    }

    private IResult? StaleToken(HttpRequest request)
    {
        if (request.Query["access_token"].ToString() == CurrentToken())
            return null;
        Interlocked.Increment(ref _staleTokenRequests);
        return Plain("""{"errcode":40001,"errmsg":"invalid credential, access_token is invalid or not latest"}""");
    }
}
