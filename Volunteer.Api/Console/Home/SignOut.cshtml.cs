using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Volunteer.Api.Console.Home;

/// <summary><c>POST /console/sign-out</c> (a form with the antiforgery token) ends the console session.</summary>
[AllowAnonymous]
public sealed class SignOutModel : ConsolePageModel
{
    public IActionResult OnGet() => Redirect("/console");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(ConsoleAuth.Scheme);
        Notice = "您已退出登录。";
        return Redirect("/console");
    }
}
