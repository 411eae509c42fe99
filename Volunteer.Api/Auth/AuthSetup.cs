using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Communities;
using Volunteer.Infrastructure.Members;

namespace Volunteer.Api.Auth;

/// <summary>
/// The server secret (<c>Auth:SigningKey</c>, at least 32 characters) signs tokens; a second key
/// derived from it signs check-in codes. Never in the repository: configure it through an
/// environment variable or a secret store. Development without one gets a random key per start.
/// </summary>
public sealed class SigningKeys
{
    public SigningKeys(byte[] secret)
    {
        TokenKey = HMACSHA256.HashData(secret, "volunteer/jwt"u8);
        CheckInKey = HMACSHA256.HashData(secret, "volunteer/check-in"u8);
    }

    public byte[] TokenKey { get; }
    public byte[] CheckInKey { get; }

    public static SigningKeys From(IConfiguration configuration, IHostEnvironment environment, ILogger logger)
    {
        var configured = configuration["Auth:SigningKey"];
        if (!string.IsNullOrEmpty(configured))
        {
            if (configured.Length < 32)
                throw new InvalidOperationException("Auth:SigningKey must be at least 32 characters.");
            return new SigningKeys(Encoding.UTF8.GetBytes(configured));
        }
        if (environment.IsProduction())
            throw new InvalidOperationException(
                "Auth:SigningKey is not configured. Set it (at least 32 random characters) through the environment variable Auth__SigningKey.");
        logger.LogWarning("Auth:SigningKey is not configured; using a random key, so tokens end when the process stops.");
        return new SigningKeys(RandomNumberGenerator.GetBytes(32));
    }
}

public sealed class AuthOptions
{
    public TimeSpan ResidentTokenLifetime { get; set; } = TimeSpan.FromDays(7);
    public TimeSpan StaffTokenLifetime { get; set; } = TimeSpan.FromHours(12);
}

public static class ActorClaims
{
    public const string Issuer = "volunteer";
    public const string Audience = "volunteer-api";
    public const string Role = "role";
    public const string Community = "cid";
    public const string Partner = "pid";
    public const string Street = "sid";
    /// <summary>The grid of a grid worker (网格员).</summary>
    public const string Grid = "gid";
    /// <summary>The department of department staff (职能部门).</summary>
    public const string Department = "did";
    public const string Stamp = "stamp";

    /// <summary>The acting person, from a validated token.</summary>
    public static Actor Actor(this ClaimsPrincipal user)
    {
        var id = Guid.Parse(user.FindFirstValue(JwtRegisteredClaimNames.Sub)!);
        var role = Enum.Parse<ActorRole>(user.FindFirstValue(Role)!, ignoreCase: true);
        return new Actor(id, role, Find(user, Community), Find(user, Partner), Find(user, Street), Find(user, Grid), Find(user, Department));
    }

    private static Guid? Find(ClaimsPrincipal user, string type) =>
        Guid.TryParse(user.FindFirstValue(type), out var value) ? value : null;
}

/// <summary>Issues bearer tokens for residents and accounts.</summary>
public sealed class TokenIssuer(SigningKeys keys, TimeProvider clock, Microsoft.Extensions.Options.IOptions<AuthOptions> options)
{
    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, DateTimeOffset ExpiresAt) ForMember(Member member) =>
        Issue(new Actor(member.Id, ActorRole.Resident), null, options.Value.ResidentTokenLifetime);

    public (string Token, DateTimeOffset ExpiresAt) ForAccount(Account account) =>
        Issue(account.ToActor(), account.SecurityStamp, options.Value.StaffTokenLifetime);

    private (string, DateTimeOffset) Issue(Actor actor, Guid? stamp, TimeSpan lifetime)
    {
        var now = clock.GetUtcNow();
        var expires = now + lifetime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = actor.Id.ToString(),
            [ActorClaims.Role] = JsonNamingPolicyName(actor.Role),
        };
        if (actor.CommunityId is { } c) claims[ActorClaims.Community] = c.ToString();
        if (actor.PartnerId is { } p) claims[ActorClaims.Partner] = p.ToString();
        if (actor.StreetId is { } s) claims[ActorClaims.Street] = s.ToString();
        if (actor.GridId is { } g) claims[ActorClaims.Grid] = g.ToString();
        if (actor.DepartmentId is { } d) claims[ActorClaims.Department] = d.ToString();
        if (stamp is { } st) claims[ActorClaims.Stamp] = st.ToString();

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = ActorClaims.Issuer,
            Audience = ActorClaims.Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(keys.TokenKey), SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    public static string JsonNamingPolicyName(ActorRole role) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(role.ToString());
}

public static class AuthSetup
{
    public static IServiceCollection AddVolunteerAuth(this IServiceCollection services, SigningKeys keys, IConfiguration configuration)
    {
        services.AddSingleton(keys);
        services.Configure<AuthOptions>(configuration.GetSection("Auth"));
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<ErasedMembers>();
        services.AddMemoryCache();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                // Nothing reads the token back from the ticket (GetTokenAsync); storing it cost a dictionary per request.
                o.SaveToken = false;
                // A token seen before is not parsed and checked again while it lives (ValidatedTokens).
                o.TokenHandlers.Clear();
                o.TokenHandlers.Add(new ValidatedTokens());
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = ActorClaims.Issuer,
                    ValidAudience = ActorClaims.Audience,
                    IssuerSigningKey = new SymmetricSecurityKey(keys.TokenKey),
                    NameClaimType = JwtRegisteredClaimNames.Sub,
                    RoleClaimType = ActorClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                o.Events = new JwtBearerEvents { OnTokenValidated = EnsureAccountStillValidAsync };
            });
        // Lifetimes are checked against the same clock that issued the token.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((o, clock) =>
            o.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore <= now + parameters.ClockSkew)
                    && expires is not null && expires > now - parameters.ClockSkew;
            });
        // A token validated before is answered without the JwtBearer handler (RememberedBearers).
        RememberedBearers.Register(services);
        services.AddAuthorization();
        // The default policy (a signed-in caller) answered without building the authorization service (SignedInPolicy).
        SignedInPolicy.Register(services);
        return services;
    }

    /// <summary>
    /// A staff token stops working as soon as its account is disabled, reassigned or given a new
    /// password (the security stamp changes).
    /// </summary>
    private static async Task EnsureAccountStillValidAsync(TokenValidatedContext context)
    {
        if (await StillValidAsync(context.HttpContext, context.Principal!) is { } failure)
            context.Fail(failure);
    }

    /// <summary>
    /// The checks a validated token passes on every request, whether JwtBearer validated it now or
    /// <see cref="RememberedBearers"/> remembered it: a resident's token stops working once their personal data is
    /// erased (注销); a staff token once its account is disabled, reassigned or given a new password (the security
    /// stamp changes). Null when the token may be used, else why not.
    /// </summary>
    internal static async ValueTask<string?> StillValidAsync(HttpContext http, ClaimsPrincipal principal)
    {
        var stamp = principal.FindFirst(ActorClaims.Stamp)?.Value;
        if (stamp is null)
        {
            var memberId = Guid.Parse(principal.FindFirst(JwtRegisteredClaimNames.Sub)!.Value);
            var erased = http.RequestServices.GetRequiredService<ErasedMembers>();
            return await erased.IsErasedAsync(memberId, http.RequestAborted) ? "The member's personal data was erased." : null;
        }
        var accountId = Guid.Parse(principal.FindFirst(JwtRegisteredClaimNames.Sub)!.Value);
        return await IsAccountCurrentAsync(http, accountId, stamp) ? null : "The account was disabled or changed; sign in again.";
    }

    /// <summary>
    /// Whether the account is enabled and still carries <paramref name="stamp"/>: the check every
    /// staff credential (bearer token or console cookie) passes on each request. Checked against
    /// the database, cached for 30 seconds.
    /// </summary>
    public static async Task<bool> IsAccountCurrentAsync(HttpContext http, Guid accountId, string stamp)
    {
        var cache = http.RequestServices.GetRequiredService<IMemoryCache>();
        var current = await cache.GetOrCreateAsync(("account-stamp", accountId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30);
            return await http.RequestServices.GetRequiredService<AccountQueries>().SecurityStampAsync(accountId, http.RequestAborted);
        });
        return current?.ToString() == stamp;
    }

    /// <summary>Drops the cached stamp so a change made by this instance applies at once.</summary>
    public static void ForgetAccount(this IMemoryCache cache, Guid accountId) => cache.Remove(("account-stamp", accountId));

}
