using Volunteer.Domain.Common;

namespace Volunteer.Infrastructure.WeChat;

/// <summary>The WeChat sign-in and phone refusals: each code with its one message.</summary>
public static class WeChatErrors
{
    /// <summary>A sign-in or phone code WeChat (or the dev stand-in) does not accept.</summary>
    public static DomainException InvalidCode() =>
        new(ErrorKind.Validation, "wechat.invalidCode", "微信凭证（code）无效或已使用，请重新获取（开发模式：dev-<openid> 或 dev-<11 位手机号>）。", "code");

    public static DomainException NotConfigured() =>
        new(ErrorKind.Unavailable, "wechat.notConfigured", "小程序尚未配置（WeChat:AppId / WeChat:AppSecret），请联系平台管理员。");

    /// <summary>WeChat did not answer, or answered that it is busy.</summary>
    public static DomainException Unavailable() => new(ErrorKind.Unavailable, "wechat.unavailable", "微信服务暂时不可用，请稍后再试。");
}
