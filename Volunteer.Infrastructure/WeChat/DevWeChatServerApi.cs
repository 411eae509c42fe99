using QRCoder;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Common;

namespace Volunteer.Infrastructure.WeChat;

/// <summary>
/// Without a mini-program configured (the embedded default, demos): nothing reaches WeChat.
/// Subscribe messages are not sent (deliveries are skipped and the inbox still has every
/// notification), a task's code is a plain QR code, content passes, and in development the phone
/// code <c>dev-13800138000</c> binds that number. In Production phone binding answers 503.
/// </summary>
public sealed class DevWeChatServerApi(bool allowDevCodes) : IWeChatServerApi
{
    public const string PhonePrefix = "dev-";

    public bool IsConfigured => false;

    public Task<SendOutcome> SendSubscribeMessageAsync(SubscribeMessage message, CancellationToken ct) =>
        Task.FromResult(new SendOutcome(SendResult.Permanent, "wechat.notConfigured"));

    // Drawing the code is CPU work: on the thread pool, not on a socket thread (CpuWork).
    public Task<WxaCode> GetWxaCodeAsync(string scene, string page, CancellationToken ct) =>
        CpuWork.RunAsync(() => PlainQrCode.For($"{page}?scene={scene}"), ct);

    public Task<string> GetPhoneNumberAsync(string code, CancellationToken ct)
    {
        if (!allowDevCodes)
            throw WeChatErrors.NotConfigured();
        if (!code.StartsWith(PhonePrefix, StringComparison.Ordinal))
            throw WeChatErrors.InvalidCode();
        return Task.FromResult(code[PhonePrefix.Length..]);
    }

    public Task<ContentVerdict> CheckTextAsync(string openId, string content, ContentScene scene, CancellationToken ct) =>
        Task.FromResult(ContentVerdict.Pass);
}

/// <summary>A plain QR code (QRCoder) standing in for a 小程序码 when WeChat is not configured.</summary>
public static class PlainQrCode
{
    public static WxaCode For(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(8);
        return new WxaCode(png, "image/png");
    }
}
