using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Http;
using Volunteer.Api.Me;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Privacy;

namespace Volunteer.Api.Auth;

/// <param name="Code">小程序 wx.login 返回的临时登录凭证。未配置微信小程序时，可用 dev-&lt;openid&gt; 登录。</param>
/// <param name="PolicyVersion">居民已阅读并同意的隐私政策版本（见 GET /api/v1/privacy-policy），登录时记录；须为当前版本。</param>
public sealed record WeChatSignInRequest(string? Code, string? PolicyVersion = null) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Code, "code", "登录凭证 code"));
}

public sealed record PasswordSignInRequest(string? Username, string? Password) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(Username, "username", "用户名"),
        Require.Present(Password, "password", "密码"));
}

/// <param name="AccessToken">Bearer 令牌，放在请求头 Authorization: Bearer …</param>
/// <param name="ExpiresAt">令牌过期时间。</param>
/// <param name="Member">登录者资料。</param>
/// <param name="ConsentRequired">居民尚未同意当前版本的隐私政策：小程序应展示政策，并在同意后带 policyVersion 重新登录。</param>
public sealed record SignInResponse(string AccessToken, DateTimeOffset ExpiresAt, ProfileResponse Member, bool ConsentRequired = false);
