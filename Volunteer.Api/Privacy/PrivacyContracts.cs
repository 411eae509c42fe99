using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Infrastructure.Privacy;

namespace Volunteer.Api.Privacy;

/// <param name="Version">当前隐私政策版本；登录时以 policyVersion 提交表示同意。</param>
/// <param name="Text">隐私政策全文。</param>
public sealed record PrivacyPolicyResponse(string Version, string Text);
