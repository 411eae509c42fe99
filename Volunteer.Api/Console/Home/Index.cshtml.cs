using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Members;

namespace Volunteer.Api.Console.Home;

/// <summary>
/// <c>/console</c>: the sign-in form for anyone not signed in, the role's home page otherwise.
/// Sign-in goes through the API's own password use case, so lockout and wrong-password handling are the same.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class IndexModel(SignInWithPassword signIn) : ConsolePageModel
{
    [BindProperty, Display(Name = "用户名")]
    public string? Username { get; set; }

    [BindProperty, Display(Name = "密码"), DataType(DataType.Password)]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? SignInError { get; private set; }

    public bool SignedIn { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        SignedIn = await IsSignedInAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var account = await signIn.ExecuteAsync(Username, Password, ct);
            var principal = ConsoleAuth.PrincipalFor(account);
            await HttpContext.SignInAsync(ConsoleAuth.Scheme, principal, new AuthenticationProperties { IsPersistent = false });
        }
        catch (DomainException e)
        {
            SignInError = e.Message;
            Password = null;
            Response.StatusCode = ConsoleErrors.StatusOf(e.Kind);
            return Page();
        }
        return LocalRedirect(SafeReturnUrl(ReturnUrl));
    }

    /// <summary>Only console pages are redirect targets after sign-in (no open redirect).</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url.StartsWith("/console", StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\')
            ? url
            : "/console";

    private async Task<bool> IsSignedInAsync()
    {
        // The page allows anonymous callers, so the console cookie is read here explicitly.
        var result = await HttpContext.AuthenticateAsync(ConsoleAuth.Scheme);
        if (!result.Succeeded)
            return false;
        HttpContext.User = result.Principal;
        return true;
    }
}
