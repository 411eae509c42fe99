using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Volunteer.Api.Auth;

/// <summary>
/// Validates bearer tokens with <see cref="JsonWebTokenHandler"/> and remembers the ones it found valid, so a token
/// presented again (the mini-program sends the same one with every request) is not parsed and its signature not
/// checked again. A remembered token is answered only while the same lifetime rule holds (checked on every use,
/// against the clock that issues tokens); revocation is unchanged: erased residents and changed staff accounts are
/// refused by the checks that run after validation on every request (<c>AuthSetup.EnsureAccountStillValidAsync</c>).
/// The signing key lives as long as the process, so a token string valid once stays validly signed.
/// At most <see cref="Capacity"/> tokens are remembered; when full, the memory starts afresh.
/// </summary>
internal sealed class ValidatedTokens : TokenHandler
{
    public const int Capacity = 4096;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, TokenValidationResult> _valid = new(StringComparer.Ordinal);

    public int Count => _valid.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_valid.TryGetValue(token, out var known) && known.SecurityToken is JsonWebToken jwt)
        {
            if (StillInLifetime(jwt, validationParameters))
                return Copy(known);
            _valid.TryRemove(token, out _);
        }
        var result = await _handler.ValidateTokenAsync(token, validationParameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken)
            return result;
        // Copied before it is shared: the copy reads the identity's claims once, on this thread only.
        var copy = Copy(result);
        if (_valid.Count >= Capacity)
            _valid.Clear();
        _valid[token] = result;
        return copy;
    }

    public override SecurityToken ReadToken(string token) => _handler.ReadToken(token);

    /// <summary>
    /// A copy of the identity of <paramref name="token"/> if it is remembered and its lifetime rule still holds (as
    /// <see cref="ValidateTokenAsync"/> answers it), with its lifetime; false otherwise (a token that no longer lives is
    /// forgotten). <see cref="RememberedBearers"/> answers the bearer scheme with it.
    /// </summary>
    public bool TryRemembered(string token, TokenValidationParameters validationParameters,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out System.Security.Claims.ClaimsIdentity? identity,
        out DateTimeOffset? validFrom, out DateTimeOffset? validTo)
    {
        identity = null;
        validFrom = validTo = null;
        if (!_valid.TryGetValue(token, out var known) || known.SecurityToken is not JsonWebToken jwt)
            return false;
        if (!StillInLifetime(jwt, validationParameters))
        {
            _valid.TryRemove(token, out _);
            return false;
        }
        identity = known.ClaimsIdentity.Clone();
        // As JwtBearer fills the ticket's properties: the token's issue (nbf) and expiry, when it names them.
        validFrom = jwt.ValidFrom == DateTime.MinValue ? null : new DateTimeOffset(jwt.ValidFrom, TimeSpan.Zero);
        validTo = jwt.ValidTo == DateTime.MinValue ? null : new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
        return true;
    }

    private static bool StillInLifetime(JsonWebToken jwt, TokenValidationParameters parameters)
    {
        DateTime? notBefore = jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Nbf, out _) ? jwt.ValidFrom : null;
        DateTime? expires = jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out _) ? jwt.ValidTo : null;
        return parameters.LifetimeValidator is { } validator
            ? validator(notBefore, expires, jwt, parameters)
            : false;
    }

    /// <summary>A result of its own for each request: the identity is copied, since a request may add to its principal.</summary>
    private static TokenValidationResult Copy(TokenValidationResult valid) => new()
    {
        IsValid = true,
        ClaimsIdentity = valid.ClaimsIdentity.Clone(),
        SecurityToken = valid.SecurityToken,
        Issuer = valid.Issuer,
        TokenType = valid.TokenType,
    };
}
