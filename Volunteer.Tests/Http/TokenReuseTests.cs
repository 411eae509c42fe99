using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Volunteer.Api.Auth;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>
/// A bearer token is parsed and its signature checked the first time it comes; afterwards the API remembers it
/// (<c>Volunteer.Api/Auth/ValidatedTokens.cs</c>). What a caller notices must not change: a remembered token still
/// ends at its expiry, and one changed by a single character is refused. (Erased residents and disabled staff
/// accounts: <c>PrivacyAndAuditTests</c>, <c>SignInTests</c>, each with a token used before it was revoked.)
/// On an API of its own, because it moves the clock by days.
/// </summary>
public sealed class TokenReuseTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    [Fact]
    public async Task A_token_used_before_still_ends_at_its_expiry()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);
        var client = api.Client(resident.Token);
        await (await client.GetAsync("/api/v1/me/points")).ShouldBeAsync(HttpStatusCode.OK);

        // Resident tokens live 7 days; 30 s of clock skew is allowed.
        api.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        await (await client.GetAsync("/api/v1/me/points")).ShouldBeAsync(HttpStatusCode.OK);

        api.Clock.Advance(TimeSpan.FromMinutes(2));
        await (await client.GetAsync("/api/v1/me/points")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await api.Client(resident.Token).GetAsync("/api/v1/tasks")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_changed_after_it_was_accepted_is_refused()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);
        await (await api.Client(resident.Token).GetAsync("/api/v1/me/points")).ShouldBeAsync(HttpStatusCode.OK);

        // One character in the middle of the signature (the last one may carry only padding bits).
        var at = resident.Token.Length - 10;
        var forged = resident.Token[..at] + (resident.Token[at] == 'A' ? 'B' : 'A') + resident.Token[(at + 1)..];
        await (await api.Client(forged).GetAsync("/api/v1/me/points")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await api.Client(resident.Token).GetAsync("/api/v1/me/points")).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_handler_answers_a_remembered_token_without_checking_it_again_and_only_while_it_lives()
    {
        var key = new SymmetricSecurityKey(new byte[32]);
        var now = DateTime.UtcNow;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "volunteer", Audience = "volunteer-api", Claims = new Dictionary<string, object> { ["sub"] = "someone" },
            IssuedAt = now, NotBefore = now, Expires = now.AddMinutes(10),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        var clock = now;
        TokenValidationParameters Parameters(SecurityKey signing) => new()
        {
            ValidIssuer = "volunteer", ValidAudience = "volunteer-api", IssuerSigningKey = signing,
            LifetimeValidator = (notBefore, expires, _, _) => (notBefore is null || notBefore <= clock) && expires > clock,
        };
        var handler = new ValidatedTokens();
        var other = new SymmetricSecurityKey(Enumerable.Repeat((byte)1, 32).ToArray());
        Assert.False((await handler.ValidateTokenAsync(token, Parameters(other))).IsValid);

        var first = await handler.ValidateTokenAsync(token, Parameters(key));
        Assert.True(first.IsValid);
        // Remembered: a second use is not checked against the key again (here a wrong one, to show it).
        var second = await handler.ValidateTokenAsync(token, Parameters(other));
        Assert.True(second.IsValid);
        Assert.Equal("someone", second.ClaimsIdentity.FindFirst("sub")!.Value);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);

        clock = now.AddMinutes(11);
        Assert.False((await handler.ValidateTokenAsync(token, Parameters(key))).IsValid);
        Assert.Equal(0, handler.Count);
    }
}
