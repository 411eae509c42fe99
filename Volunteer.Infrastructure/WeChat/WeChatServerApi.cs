using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Common;

namespace Volunteer.Infrastructure.WeChat;

public enum SendResult
{
    Sent,
    /// <summary>Worth trying again later: HTTP 5xx, a timeout, errcode -1, quota.</summary>
    Transient,
    /// <summary>WeChat will never take it (43101 the user holds no subscription, 47003 bad data, …).</summary>
    Permanent,
}

public sealed record SendOutcome(SendResult Result, string? Error = null)
{
    public static readonly SendOutcome Sent = new(SendResult.Sent);
}

/// <summary>A one-time subscribe message (订阅消息).</summary>
public sealed record SubscribeMessage(string ToUser, string TemplateId, string Page, IReadOnlyDictionary<string, string> Data);

public sealed record WxaCode(byte[] Bytes, string ContentType);

public enum ContentVerdict
{
    Pass,
    /// <summary>疑似: accepted, but held until staff look at it.</summary>
    Review,
    /// <summary>违规: refused.</summary>
    Risky,
}

/// <summary>msg_sec_check scenes: 1 资料, 2 评论, 3 论坛, 4 社交日志.</summary>
public enum ContentScene
{
    Profile = 1,
    Comment = 2,
    Post = 3,
}

/// <summary>
/// The WeChat server APIs of a mini-program back end besides sign-in: subscribe messages, 小程序码,
/// phone numbers and content security. All go through <c>WeChat:BaseUrl</c> with a shared access token.
/// </summary>
public interface IWeChatServerApi
{
    /// <summary>False on the embedded default without a mini-program: nothing is sent to WeChat.</summary>
    bool IsConfigured { get; }

    Task<SendOutcome> SendSubscribeMessageAsync(SubscribeMessage message, CancellationToken ct);

    Task<WxaCode> GetWxaCodeAsync(string scene, string page, CancellationToken ct);

    /// <summary>The verified mainland number behind a getPhoneNumber code.</summary>
    Task<string> GetPhoneNumberAsync(string code, CancellationToken ct);

    Task<ContentVerdict> CheckTextAsync(string openId, string content, ContentScene scene, CancellationToken ct);
}

/// <summary>A call that did not reach an answer (network, timeout, HTTP 5xx, unreadable body).</summary>
internal sealed class WeChatUnreachableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The mini-program's access token from <c>POST /cgi-bin/stable_token</c>, kept until five minutes
/// before it expires and shared by every caller of this process (a singleton). A token WeChat
/// rejected (40001, 42001) is replaced once: first by asking again normally (another process may
/// have renewed it), then, if WeChat hands back the same one, with <c>force_refresh</c>.
/// </summary>
public sealed class AccessTokenCache(IHttpClientFactory httpFactory, IOptions<WeChatOptions> options, TimeProvider clock,
    ILogger<AccessTokenCache> logger)
{
    public static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _refreshAt;

    /// <summary>How many times this process asked WeChat for a token (for tests and metrics).</summary>
    public int Fetches { get; private set; }

    public async Task<string> GetAsync(string? rejected, CancellationToken ct)
    {
        if (Current(rejected) is { } cached)
            return cached;
        await _gate.WaitAsync(ct);
        try
        {
            if (Current(rejected) is { } again)
                return again;
            var (token, expiresIn) = await FetchAsync(force: false, ct);
            if (token == rejected)
                (token, expiresIn) = await FetchAsync(force: true, ct);
            _token = token;
            _refreshAt = clock.GetUtcNow() + TimeSpan.FromSeconds(expiresIn) - RefreshBefore;
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private string? Current(string? rejected) =>
        _token is { } token && token != rejected && clock.GetUtcNow() < _refreshAt ? token : null;

    private async Task<(string Token, int ExpiresIn)> FetchAsync(bool force, CancellationToken ct)
    {
        var o = options.Value;
        Fetches++;
        var http = httpFactory.CreateClient(WeChatServerClient.HttpClientName);
        TokenResponse? body;
        try
        {
            using var response = await http.PostAsJsonAsync($"{o.BaseUrl.TrimEnd('/')}/cgi-bin/stable_token",
                new { grant_type = "client_credential", appid = o.AppId, secret = o.AppSecret, force_refresh = force }, ct);
            if (!response.IsSuccessStatusCode)
                throw new WeChatUnreachableException($"stable_token HTTP {(int)response.StatusCode}");
            body = JsonSerializer.Deserialize<TokenResponse>(await response.Content.ReadAsStringAsync(ct));
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new WeChatUnreachableException("stable_token failed", e);
        }
        if (body is not { AccessToken.Length: > 0, ExpiresIn: > 0 })
        {
            logger.LogError("WeChat stable_token error {ErrCode}: {ErrMsg}", body?.ErrCode, body?.ErrMsg);
            throw new WeChatUnreachableException($"stable_token errcode {body?.ErrCode}");
        }
        return (body.AccessToken, body.ExpiresIn);
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("errcode")] int? ErrCode,
        [property: JsonPropertyName("errmsg")] string? ErrMsg);
}

/// <summary>The real client over HTTP.</summary>
public sealed class WeChatServerClient(IHttpClientFactory httpFactory, AccessTokenCache tokens, IOptions<WeChatOptions> options,
    ILogger<WeChatServerClient> logger) : IWeChatServerApi
{
    public const string HttpClientName = "wechat-server";

    /// <summary>errcodes that mean the access token is no longer good.</summary>
    private static readonly int[] TokenErrors = [40001, 42001, 40014];

    /// <summary>Subscribe-message errcodes WeChat will answer again however often it is asked.</summary>
    private static readonly int[] PermanentSendErrors = [43101, 47003, 40003, 40037, 41030, 43107];

    public bool IsConfigured => true;

    public async Task<SendOutcome> SendSubscribeMessageAsync(SubscribeMessage message, CancellationToken ct)
    {
        var body = new
        {
            touser = message.ToUser,
            template_id = message.TemplateId,
            page = message.Page,
            miniprogram_state = options.Value.MiniProgramState,
            lang = "zh_CN",
            data = message.Data.ToDictionary(d => d.Key, d => new { value = d.Value }),
        };
        Reply reply;
        try
        {
            reply = await CallAsync("/cgi-bin/message/subscribe/send", body, ct);
        }
        catch (WeChatUnreachableException e)
        {
            return new SendOutcome(SendResult.Transient, e.Message);
        }
        return reply.ErrCode switch
        {
            0 or null => SendOutcome.Sent,
            var code when PermanentSendErrors.Contains(code.Value) => new SendOutcome(SendResult.Permanent, $"{code}: {reply.ErrMsg}"),
            var code => new SendOutcome(SendResult.Transient, $"{code}: {reply.ErrMsg}"),
        };
    }

    public async Task<WxaCode> GetWxaCodeAsync(string scene, string page, CancellationToken ct)
    {
        var reply = await CallOrUnavailableAsync("/wxa/getwxacodeunlimit", new
        {
            scene,
            page,
            check_path = false,
            env_version = options.Value.MiniProgramState switch { "trial" => "trial", "developer" => "develop", _ => "release" },
            width = 430,
        }, ct);
        if (reply.Image is { } image)
            return image;
        logger.LogError("WeChat getwxacodeunlimit error {ErrCode}: {ErrMsg}", reply.ErrCode, reply.ErrMsg);
        throw Unavailable();
    }

    public async Task<string> GetPhoneNumberAsync(string code, CancellationToken ct)
    {
        var reply = await CallOrUnavailableAsync("/wxa/business/getuserphonenumber", new { code }, ct);
        switch (reply.ErrCode)
        {
            case 0 or null:
                break;
            case 40029 or 40163:
                throw WeChatErrors.InvalidCode();
            default:
                logger.LogError("WeChat getuserphonenumber error {ErrCode}: {ErrMsg}", reply.ErrCode, reply.ErrMsg);
                throw Unavailable();
        }
        var info = reply.Json?.TryGetProperty("phone_info", out var p) == true ? p : default;
        var country = info.ValueKind == JsonValueKind.Object && info.TryGetProperty("countryCode", out var c) ? c.ToString() : null;
        var number = info.ValueKind == JsonValueKind.Object && info.TryGetProperty("purePhoneNumber", out var n) ? n.GetString() : null;
        if (number is null)
            throw Unavailable();
        if (country is not null and not "86")
            throw new DomainException(ErrorKind.Unprocessable, "phone.notMainland", "目前仅支持中国大陆手机号。", "code");
        return number;
    }

    public async Task<ContentVerdict> CheckTextAsync(string openId, string content, ContentScene scene, CancellationToken ct)
    {
        Reply reply;
        try
        {
            reply = await CallAsync("/wxa/msg_sec_check", new { content, version = 2, scene = (int)scene, openid = openId }, ct);
        }
        catch (WeChatUnreachableException e)
        {
            // Unchecked text is not refused, but nobody else sees it before staff did.
            logger.LogWarning(e, "WeChat msg_sec_check unreachable; the text is held for review");
            return ContentVerdict.Review;
        }
        if (reply.ErrCode is not (0 or null))
        {
            logger.LogWarning("WeChat msg_sec_check error {ErrCode}: {ErrMsg}; the text is held for review", reply.ErrCode, reply.ErrMsg);
            return ContentVerdict.Review;
        }
        var suggest = reply.Json?.TryGetProperty("result", out var result) == true && result.TryGetProperty("suggest", out var s)
            ? s.GetString()
            : null;
        return suggest switch
        {
            "pass" => ContentVerdict.Pass,
            "risky" => ContentVerdict.Risky,
            _ => ContentVerdict.Review,
        };
    }

    private async Task<Reply> CallOrUnavailableAsync(string path, object body, CancellationToken ct)
    {
        try
        {
            return await CallAsync(path, body, ct);
        }
        catch (WeChatUnreachableException e)
        {
            logger.LogWarning(e, "WeChat {Path} unreachable", path);
            throw Unavailable();
        }
    }

    /// <summary>Calls with the cached token; a rejected token is replaced once and the call repeated.</summary>
    private async Task<Reply> CallAsync(string path, object body, CancellationToken ct)
    {
        var token = await tokens.GetAsync(null, ct);
        var reply = await PostAsync(path, token, body, ct);
        if (reply.ErrCode is { } code && TokenErrors.Contains(code))
        {
            token = await tokens.GetAsync(token, ct);
            reply = await PostAsync(path, token, body, ct);
        }
        return reply;
    }

    private async Task<Reply> PostAsync(string path, string token, object body, CancellationToken ct)
    {
        var url = $"{options.Value.BaseUrl.TrimEnd('/')}{path}?access_token={Uri.EscapeDataString(token)}";
        var http = httpFactory.CreateClient(HttpClientName);
        try
        {
            using var response = await http.PostAsJsonAsync(url, body, ct);
            if (!response.IsSuccessStatusCode)
                throw new WeChatUnreachableException($"HTTP {(int)response.StatusCode}");
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            var type = response.Content.Headers.ContentType?.MediaType;
            if (type is not null && type.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
                return new Reply(null, null, null, new WxaCode(bytes, type));
            using var json = JsonDocument.Parse(bytes);
            var root = json.RootElement.Clone();
            int? errCode = root.TryGetProperty("errcode", out var e) && e.TryGetInt32(out var n) ? n : null;
            var errMsg = root.TryGetProperty("errmsg", out var m) ? m.GetString() : null;
            return new Reply(errCode, errMsg, root, null);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new WeChatUnreachableException($"{path} failed: {e.GetType().Name}", e);
        }
    }

    private static DomainException Unavailable() =>
        WeChatErrors.Unavailable();

    private sealed record Reply(int? ErrCode, string? ErrMsg, JsonElement? Json, WxaCode? Image);
}
