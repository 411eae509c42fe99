using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Volunteer.Api.Auth;
using Volunteer.Domain.Common;

namespace Volunteer.Api.Console;

/// <summary>
/// Base of every console page: the signed-in actor (the same <see cref="Actor"/> the API builds from
/// a token) and the post-redirect-get flow that shows a use case's Chinese message after a form.
/// </summary>
public abstract class ConsolePageModel : PageModel
{
    public Actor Actor => User.Actor();

    public string DisplayName => User.FindFirst(ConsoleAuth.DisplayName)?.Value ?? "";

    /// <summary>A message for the next page shown (after a redirect).</summary>
    [TempData] public string? Notice { get; set; }

    /// <summary>An error for the next page shown (after a redirect).</summary>
    [TempData] public string? Failure { get; set; }

    /// <summary>
    /// Runs a form's use case: on success shows <paramref name="done"/> and redirects (so a refresh
    /// never repeats it); a broken rule shows the use case's own Chinese message on the same page.
    /// </summary>
    protected async Task<IActionResult> RunAsync(Func<Task> work, string done, Func<IActionResult>? next = null)
    {
        try
        {
            await work();
        }
        catch (DomainException e) when (e.Kind is not (ErrorKind.NotFound))
        {
            Failure = e.Message;
            return next?.Invoke() ?? RedirectToPage();
        }
        Notice = done;
        return next?.Invoke() ?? RedirectToPage();
    }
}
