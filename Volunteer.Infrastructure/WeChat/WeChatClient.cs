using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Common;
using Volunteer.Domain.Notifications;

namespace Volunteer.Infrastructure.WeChat;

/// <summary>Who a mini-program user is, as WeChat says. The session key stays inside the client.</summary>
public sealed record WeChatIdentity(string OpenId, string? UnionId);

/// <summary>Exchanges a mini-program login code (wx.login) for the user's identity (code2Session).</summary>
public interface IWeChatClient
{
    Task<WeChatIdentity> ExchangeCodeAsync(string code, CancellationToken ct);
}

public sealed class WeChatOptions
{
    public const string Section = "WeChat";

    /// <summary>Mini-program AppID. When empty, the development client signs in <c>dev-…</c> codes.</summary>
    public string? AppId { get; set; }
    public string? AppSecret { get; set; }
    public string BaseUrl { get; set; } = "https://api.weixin.qq.com";
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Subscribe-message template id per notification kind (<c>WeChat:Templates:needApproved</c>); a kind without one stays in-app.</summary>
    public Dictionary<string, string> Templates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Mini-program page a task's 小程序码 opens; the scene carries the task id.</summary>
    public string WxaCodePage { get; set; } = MiniProgramPages.TaskDetail;

    /// <summary>Which version of the mini-program subscribe messages and 小程序码 open: formal / trial / developer.</summary>
    public string MiniProgramState { get; set; } = "formal";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(AppId) && !string.IsNullOrWhiteSpace(AppSecret);
}

/// <summary>The real client: GET /sns/jscode2session.</summary>
public sealed class WeChatHttpClient(HttpClient http, IOptions<WeChatOptions> options, ILogger<WeChatHttpClient> logger) : IWeChatClient
{
    public async Task<WeChatIdentity> ExchangeCodeAsync(string code, CancellationToken ct)
    {
        var o = options.Value;
        var url = $"{o.BaseUrl.TrimEnd('/')}/sns/jscode2session?appid={Uri.EscapeDataString(o.AppId!)}"
            + $"&secret={Uri.EscapeDataString(o.AppSecret!)}&js_code={Uri.EscapeDataString(code)}&grant_type=authorization_code";

        Code2SessionResponse? body;
        try
        {
            using var response = await http.GetAsync(url, ct);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("WeChat code2Session answered HTTP {Status}", (int)response.StatusCode);
                throw Unavailable();
            }
            // WeChat labels this JSON text/plain, so read it without trusting the content type.
            var text = await response.Content.ReadAsStringAsync(ct);
            body = JsonSerializer.Deserialize<Code2SessionResponse>(text);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            logger.LogWarning(e, "WeChat code2Session failed");
            throw Unavailable();
        }

        if (body is null)
            throw Unavailable();
        if (body.ErrCode is { } err and not 0)
            throw MapError(err, body.ErrMsg);
        if (string.IsNullOrEmpty(body.OpenId))
            throw Unavailable();
        return new WeChatIdentity(body.OpenId, body.UnionId);
    }

    private DomainException MapError(int errCode, string? errMsg)
    {
        switch (errCode)
        {
            case 40029 or 40163:
                return WeChatErrors.InvalidCode();
            case 45011:
                return new DomainException(ErrorKind.TooManyRequests, "wechat.rateLimited", "登录过于频繁，请稍后再试。");
            case 40226:
                return new DomainException(ErrorKind.Forbidden, "wechat.riskyUser", "该微信账号被微信判定为高风险，暂时无法登录。");
            default:
                logger.LogError("WeChat code2Session error {ErrCode}: {ErrMsg}", errCode, errMsg);
                return Unavailable();
        }
    }

    private static DomainException Unavailable() =>
        WeChatErrors.Unavailable();

    private sealed record Code2SessionResponse(
        [property: JsonPropertyName("openid")] string? OpenId,
        [property: JsonPropertyName("unionid")] string? UnionId,
        [property: JsonPropertyName("session_key")] string? SessionKey,
        [property: JsonPropertyName("errcode")] int? ErrCode,
        [property: JsonPropertyName("errmsg")] string? ErrMsg);
}

/// <summary>
/// For development and demos, when no mini-program is configured: the code <c>dev-zhangsan</c>
/// signs in as the member whose openid is <c>zhangsan</c>, created on first use.
/// </summary>
public sealed class DevWeChatClient : IWeChatClient
{
    public const string Prefix = "dev-";

    public Task<WeChatIdentity> ExchangeCodeAsync(string code, CancellationToken ct)
    {
        var openId = code.StartsWith(Prefix, StringComparison.Ordinal) ? code[Prefix.Length..] : "";
        if (openId.Length is 0 or > 64 || !openId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw WeChatErrors.InvalidCode();
        return Task.FromResult(new WeChatIdentity(openId, null));
    }
}

/// <summary>
/// Production without a mini-program configured: nobody signs in through WeChat. Dev codes would
/// let anyone sign in as any member whose openid they know, so they never work in Production.
/// </summary>
public sealed class UnconfiguredWeChatClient : IWeChatClient
{
    public Task<WeChatIdentity> ExchangeCodeAsync(string code, CancellationToken ct) =>
        throw WeChatErrors.NotConfigured();
}
