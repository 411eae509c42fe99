using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Volunteer.Api.Http;
using Volunteer.Api.Me;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Observability;
using Volunteer.Infrastructure.Privacy;

namespace Volunteer.Api.Auth;

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var auth = app.MapApiGroup("/api/v1/auth", "登录", requireAuth: false).RequireRateLimiting(RateLimits.SignIn);

        auth.MapPost("/wechat", WeChat).WithName("SignInWithWeChat")
            .WithSummary("微信小程序登录（居民）")
            .WithDescription("用 wx.login 的 code 换取令牌；首次登录自动建档。带 policyVersion 时记录居民同意的隐私政策版本（须为当前版本，否则 400）。每次登录记录时间、网络地址摘要与网段、设备标识摘要（X-Device-Id），保留期满自动删除。code 无效返回 400，微信限流返回 429，微信服务不可用返回 503。")
            .Problems(400, 403, 429, 503);

        auth.MapPost("/password", Password).WithName("SignInWithPassword")
            .WithSummary("账号密码登录（工作人员、共建单位、街道管理员）")
            .WithDescription("连续 5 次密码错误后账号锁定 15 分钟（返回 429）。")
            .Problems(400, 401, 403, 429);

        return app;
    }

    /// <param name="deviceId">小程序生成并保存在本机的设备标识（可选，至多 128 个字符）；平台只保存其摘要，用于发现同一设备登录多位居民。</param>
    private static async Task<Ok<SignInResponse>> WeChat(WeChatSignInRequest body, SignInWithWeChat useCase, AcceptPrivacyPolicy consent,
        RecordSignIn record, HttpContext http, [FromHeader(Name = "X-Device-Id")] string? deviceId, TokenIssuer tokens, CancellationToken ct)
    {
        var member = await useCase.ExecuteAsync(body.Code, ct);
        var consented = await consent.ExecuteAsync(member.Id, body.PolicyVersion, ct);
        // The client's own address: forwarded headers (Http:KnownProxies) have already replaced the proxy's.
        await record.ExecuteAsync(member.Id, http.Connection.RemoteIpAddress, deviceId, ct);
        VolunteerMetrics.SignedIn("wechat");
        var (token, expiresAt) = tokens.ForMember(member);
        return TypedResults.Ok(new SignInResponse(token, expiresAt, ProfileResponse.Of(member), !consented));
    }

    private static async Task<Ok<SignInResponse>> Password(PasswordSignInRequest body, SignInWithPassword useCase, TokenIssuer tokens, CancellationToken ct)
    {
        var account = await useCase.ExecuteAsync(body.Username, body.Password, SignInWithPassword.Api, ct);
        VolunteerMetrics.SignedIn("password");
        var (token, expiresAt) = tokens.ForAccount(account);
        return TypedResults.Ok(new SignInResponse(token, expiresAt, ProfileResponse.Of(account)));
    }
}
