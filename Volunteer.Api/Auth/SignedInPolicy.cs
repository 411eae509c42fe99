using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Volunteer.Api.Auth;

/// <summary>
/// The authorization of every API endpoint is the default policy (<c>MapApiGroup</c>'s <c>RequireAuthorization()</c>): a
/// signed-in caller; what the caller may touch is decided by the use cases (the <c>*Access</c> classes). This evaluator
/// answers that one policy for a signed-in caller at once, as the framework's <see cref="IAuthorizationService"/> would
/// (its <see cref="DenyAnonymousAuthorizationRequirement"/> succeeds exactly when an identity is authenticated), without
/// building the service, its handler context and handler list per request (~2–3 % of a claim's CPU in the seventh pass's
/// profile). Any other policy, an anonymous caller, or an application with authorization handlers of its own goes the
/// framework's way, whose answers (challenge, forbid) are unchanged.
/// </summary>
internal sealed class SignedInPolicy(SignedInPolicy.Handlers handlers, IServiceProvider services, ObjectFactory framework) : IPolicyEvaluator
{
    private IPolicyEvaluator? _inner;

    private IPolicyEvaluator Inner => _inner ??= (IPolicyEvaluator)framework(services, null);

    public Task<AuthenticateResult> AuthenticateAsync(AuthorizationPolicy policy, HttpContext context) =>
        Inner.AuthenticateAsync(policy, context);

    public Task<PolicyAuthorizationResult> AuthorizeAsync(AuthorizationPolicy policy, AuthenticateResult authenticationResult,
        HttpContext context, object? resource)
    {
        if (policy.Requirements is [DenyAnonymousAuthorizationRequirement] && SignedIn(context) && handlers.OnlyTheFrameworks(services))
        {
            handlers.Answered();
            return Task.FromResult(PolicyAuthorizationResult.Success());
        }
        return Inner.AuthorizeAsync(policy, authenticationResult, context, resource);
    }

    private static bool SignedIn(HttpContext context)
    {
        foreach (var identity in context.User.Identities)
            if (identity.IsAuthenticated)
                return true;
        return false;
    }

    /// <summary>Whether the application registered no authorization handler of its own (asked once), and the answers given.</summary>
    internal sealed class Handlers
    {
        private int _onlyFrameworks; // 0 not asked yet, 1 yes, 2 no
        private long _answered;

        public long Count => Interlocked.Read(ref _answered);

        public void Answered() => Interlocked.Increment(ref _answered);

        public bool OnlyTheFrameworks(IServiceProvider services)
        {
            if (_onlyFrameworks == 0)
                _onlyFrameworks = services.GetServices<IAuthorizationHandler>().All(h => h is PassThroughAuthorizationHandler) ? 1 : 2;
            return _onlyFrameworks == 1;
        }
    }

    /// <summary>Puts <see cref="SignedInPolicy"/> in front of the framework's policy evaluator (after <c>AddAuthorization</c>).</summary>
    internal static void Register(IServiceCollection services)
    {
        var create = FrameworkServices.Take<IPolicyEvaluator>(services, "AddAuthorization");
        services.AddSingleton<Handlers>();
        services.AddTransient<IPolicyEvaluator>(sp => new SignedInPolicy(sp.GetRequiredService<Handlers>(), sp, create));
    }
}
