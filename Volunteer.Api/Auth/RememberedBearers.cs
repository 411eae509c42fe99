using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Volunteer.Api.Auth;

/// <summary>
/// Answers the bearer scheme's authentication for a token <see cref="ValidatedTokens"/> already found valid, without
/// going through the JwtBearer handler (created per request, with a copy of its validation parameters, its events and
/// the token stored in the ticket's properties). A profile of the claim (issue 12, seventh pass) put the scheme's
/// authentication at ~5 % of the API's CPU per claim, the handler's set-up most of it.
/// </summary>
/// <remarks>
/// What a caller notices is unchanged: the token is the same <c>Authorization: Bearer</c> value JwtBearer reads; it is
/// answered only while <see cref="ValidatedTokens"/> holds it and its lifetime rule holds on the clock that issues tokens;
/// the checks that run after validation on every request (<see cref="AuthSetup.StillValidAsync"/>: an erased resident,
/// a disabled, reassigned or re-passworded staff account) run here too, on every request. Anything else — no token, a
/// token not remembered, an expired one, one those checks refuse, another scheme — goes the framework's way
/// (<see cref="AuthenticationService"/>, the JwtBearer handler), so refusals and challenges answer exactly as before.
/// </remarks>
internal sealed class RememberedBearers(IOptionsMonitor<JwtBearerOptions> options, IOptions<AuthenticationOptions> authentication)
{
    private const string Scheme = JwtBearerDefaults.AuthenticationScheme;
    private (JwtBearerOptions Options, ValidatedTokens Tokens)? _bearer;
    private long _answered;

    /// <summary>How many authentications were answered here (tests).</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>The ticket for a remembered, live, still valid token; null when the framework's way must answer.</summary>
    public async ValueTask<AuthenticateResult?> TryAuthenticateAsync(HttpContext context, string? scheme)
    {
        if ((scheme ?? DefaultScheme) != Scheme)
            return null;
        var token = BearerOf(context.Request);
        if (token is null)
            return null;
        var (jwtOptions, tokens) = _bearer ??= Find();
        if (!tokens.TryRemembered(token, jwtOptions.TokenValidationParameters, out var identity, out var validFrom, out var validTo))
            return null;
        var principal = new ClaimsPrincipal(identity);
        if (await AuthSetup.StillValidAsync(context, principal) is not null)
            return null; // refused: the handler says so, with its own result and challenge
        Interlocked.Increment(ref _answered);
        var properties = new AuthenticationProperties { IssuedUtc = validFrom, ExpiresUtc = validTo };
        return AuthenticateResult.Success(new AuthenticationTicket(principal, properties, Scheme));
    }

    /// <summary>The scheme <c>AuthenticateAsync(context)</c> without a name means.</summary>
    private string? DefaultScheme => authentication.Value.DefaultAuthenticateScheme ?? authentication.Value.DefaultScheme;

    private (JwtBearerOptions, ValidatedTokens) Find()
    {
        var jwt = options.Get(Scheme);
        var tokens = jwt.TokenHandlers.OfType<ValidatedTokens>().SingleOrDefault()
            ?? throw new InvalidOperationException("The bearer scheme does not validate with ValidatedTokens.");
        return (jwt, tokens);
    }

    /// <summary>The token as JwtBearer reads it: the <c>Authorization</c> header's value after <c>Bearer </c> (any case), trimmed.</summary>
    internal static string? BearerOf(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization];
        if (header.Count != 1 || header[0] is not { } value)
            return null;
        if (!value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return null;
        var token = value.AsSpan("Bearer ".Length).Trim();
        return token.IsEmpty ? null : token.ToString();
    }

    /// <summary>
    /// The application's <see cref="IAuthenticationService"/>: the remembered-token answer first, the framework's service
    /// (made only when needed) for everything else.
    /// </summary>
    internal sealed class Service(RememberedBearers remembered, IServiceProvider services, ObjectFactory inner) : IAuthenticationService
    {
        private IAuthenticationService? _inner;

        private IAuthenticationService Inner => _inner ??= (IAuthenticationService)inner(services, null);

        public async Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme) =>
            await remembered.TryAuthenticateAsync(context, scheme) ?? await Inner.AuthenticateAsync(context, scheme);

        public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
            Inner.ChallengeAsync(context, scheme, properties);

        public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
            Inner.ForbidAsync(context, scheme, properties);

        public Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties) =>
            Inner.SignInAsync(context, scheme, principal, properties);

        public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
            Inner.SignOutAsync(context, scheme, properties);
    }

    /// <summary>
    /// Puts <see cref="Service"/> in front of the framework's authentication service (after <c>AddAuthentication</c>).
    /// </summary>
    internal static void Register(IServiceCollection services)
    {
        var create = FrameworkServices.Take<IAuthenticationService>(services, "AddAuthentication");
        services.AddSingleton<RememberedBearers>();
        services.AddScoped<IAuthenticationService>(sp => new Service(sp.GetRequiredService<RememberedBearers>(), sp, create));
    }
}
