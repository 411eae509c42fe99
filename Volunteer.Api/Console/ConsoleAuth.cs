using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.JsonWebTokens;
using Volunteer.Api.Auth;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;

namespace Volunteer.Api.Console;

/// <summary>
/// Sign-in for the web console (管理后台): a cookie scheme of its own whose principal carries the
/// same claims as the API's bearer token (<see cref="ActorClaims"/>), so <c>User.Actor()</c> and
/// every scope check work unchanged. The cookie is scoped to <c>/console</c> and is never an
/// authentication scheme of the API: <c>/api/v1</c> keeps the bearer token as its only scheme.
/// </summary>
public static class ConsoleAuth
{
    /// <summary>The console's cookie authentication scheme.</summary>
    public const string Scheme = "Console";

    /// <summary>Any signed-in console user: community staff, partner staff or an admin.</summary>
    public const string AnyRole = "Console";
    /// <summary>Community staff (社区工作者) only.</summary>
    public const string Staff = "Console.Staff";
    /// <summary>
    /// Community staff and grid workers (网格员): the needs, tasks, verification and residents pages, whose queries and use
    /// cases narrow a grid worker to their grid.
    /// </summary>
    public const string StaffOrGridWorker = "Console.StaffOrGridWorker";
    /// <summary>Partner staff (共建单位工作人员) only.</summary>
    public const string Partner = "Console.Partner";
    /// <summary>Street and platform admins (街道管理员) only.</summary>
    public const string Admin = "Console.Admin";
    /// <summary>Street admins and department staff (职能部门): the escalation queue (吹哨报到).</summary>
    public const string Escalations = "Console.Escalations";

    public const string CookieName = "volunteer.console";
    public const string DisplayName = "name";

    public static readonly string[] ConsoleRoles =
        [Role(ActorRole.CommunityStaff), Role(ActorRole.PartnerStaff), Role(ActorRole.StreetAdmin), Role(ActorRole.GridWorker), Role(ActorRole.DepartmentStaff)];

    private static string Role(ActorRole role) => TokenIssuer.JsonNamingPolicyName(role);

    /// <summary>The principal the cookie carries: the token's claims (sub, role, sid, cid, pid, stamp) and the display name.</summary>
    public static ClaimsPrincipal PrincipalFor(Account account)
    {
        if (account.Role == ActorRole.Resident)
            throw DomainException.Forbidden("console.residentsNotAllowed", "居民请使用微信小程序，管理后台仅供工作人员使用。");
        var actor = account.ToActor();
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, actor.Id.ToString()),
            new(ActorClaims.Role, Role(actor.Role)),
            new(ActorClaims.Stamp, account.SecurityStamp.ToString()),
            new(DisplayName, account.DisplayName),
        };
        if (actor.StreetId is { } s) claims.Add(new(ActorClaims.Street, s.ToString()));
        if (actor.CommunityId is { } c) claims.Add(new(ActorClaims.Community, c.ToString()));
        if (actor.PartnerId is { } p) claims.Add(new(ActorClaims.Partner, p.ToString()));
        if (actor.GridId is { } g) claims.Add(new(ActorClaims.Grid, g.ToString()));
        if (actor.DepartmentId is { } d) claims.Add(new(ActorClaims.Department, d.ToString()));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, JwtRegisteredClaimNames.Sub, ActorClaims.Role));
    }

    public static AuthenticationBuilder AddConsoleCookie(this AuthenticationBuilder builder, IHostEnvironment environment)
    {
        builder.AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.Path = "/console";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Production is served over HTTPS (directly or behind a proxy): the cookie is never sent
            // in clear. The development server at http://localhost needs it over plain HTTP.
            o.Cookie.SecurePolicy = environment.IsProduction() ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/console";
            o.LogoutPath = "/console/sign-out";
            o.ReturnUrlParameter = "returnUrl";
            o.SlidingExpiration = false;
            o.Events = new CookieAuthenticationEvents
            {
                OnValidatePrincipal = ValidateAsync,
                // A signed-in user on a page of another role gets 403 (rendered by the console's status page), not a redirect.
                OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                },
            };
        });
        builder.Services.AddOptions<CookieAuthenticationOptions>(Scheme)
            .Configure<Microsoft.Extensions.Options.IOptions<AuthOptions>>((o, auth) => o.ExpireTimeSpan = auth.Value.StaffTokenLifetime);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AnyRole, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireClaim(ActorClaims.Role, ConsoleRoles))
            .AddPolicy(Staff, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireClaim(ActorClaims.Role, Role(ActorRole.CommunityStaff)))
            .AddPolicy(StaffOrGridWorker, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                .RequireClaim(ActorClaims.Role, Role(ActorRole.CommunityStaff), Role(ActorRole.GridWorker)))
            .AddPolicy(Partner, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireClaim(ActorClaims.Role, Role(ActorRole.PartnerStaff)))
            .AddPolicy(Admin, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireClaim(ActorClaims.Role, Role(ActorRole.StreetAdmin)))
            .AddPolicy(Escalations, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                .RequireClaim(ActorClaims.Role, Role(ActorRole.StreetAdmin), Role(ActorRole.DepartmentStaff)));
        return builder;
    }

    /// <summary>As for bearer tokens: a disabled, reassigned or re-passworded account's cookie stops working at once.</summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var stamp = principal?.FindFirst(ActorClaims.Stamp)?.Value;
        var valid = stamp is not null
            && Guid.TryParse(principal!.FindFirst(JwtRegisteredClaimNames.Sub)?.Value, out var accountId)
            && ConsoleRoles.Contains(principal.FindFirst(ActorClaims.Role)?.Value)
            && await AuthSetup.IsAccountCurrentAsync(context.HttpContext, accountId, stamp);
        if (!valid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }
}
