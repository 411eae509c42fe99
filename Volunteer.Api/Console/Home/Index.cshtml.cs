using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Needs;
using Volunteer.Infrastructure.Rewards;
using Volunteer.Infrastructure.Tasks;

namespace Volunteer.Api.Console.Home;

/// <summary>
/// <c>/console</c>: the sign-in form for anyone not signed in, the role's home page otherwise.
/// Sign-in goes through the API's own password use case, so lockout and wrong-password handling are the same.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.SignIn)]
public sealed class IndexModel(SignInWithPassword signIn, NeedQueries needs, TaskQueries tasks, RedemptionQueries redemptions,
    JobRunQueries jobs, Volunteer.Infrastructure.Escalations.EscalationQueries escalations, TimeProvider clock) : ConsolePageModel
{
    /// <summary>What needs attention today, for the signed-in role.</summary>
    public sealed record Tile(string Label, int Count, string Href, bool Warn);

    public IReadOnlyList<Tile> Tiles { get; private set; } = [];

    [BindProperty, Display(Name = "用户名")]
    public string? Username { get; set; }

    [BindProperty, Display(Name = "密码"), DataType(DataType.Password)]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? SignInError { get; private set; }

    public bool SignedIn { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        SignedIn = await IsSignedInAsync();
        if (SignedIn)
            Tiles = await TilesAsync(ct);
        return Page();
    }

    private async Task<IReadOnlyList<Tile>> TilesAsync(CancellationToken ct)
    {
        var actor = Actor;
        if (actor.IsStaff || actor.IsGridWorker)
        {
            var pending = await needs.PendingCountAsync(actor, ct);
            var waiting = await tasks.AwaitingVerificationCountAsync(actor, ct);
            return [new("待审核需求", pending, "/console/needs", pending > 0), new("待核验服务", waiting, "/console/verification", waiting > 0)];
        }
        if (actor.IsPartnerStaff)
        {
            var today = new DateTimeOffset(ChinaTime.ToChina(clock.GetUtcNow()).Date, ChinaTime.Offset);
            return [new("今日已核销兑换码", await redemptions.FulfilledSinceCountAsync(actor, today, ct), "/console/redemptions", false)];
        }
        var waitingEscalations = await escalations.WaitingCountAsync(actor, ct);
        if (actor.IsDepartmentStaff)
            return [new("本部门待办结事项", waitingEscalations, "/console/escalations", waitingEscalations > 0)];
        var failed = await jobs.FailedCountAsync(actor, ct);
        var street = await needs.PendingCountAsync(actor, ct);
        return [new("失败的月度任务", failed, "/console/job-runs", failed > 0), new("全街道待审核需求", street, "/console/dashboard", false),
            new("待派单的上报事项", waitingEscalations, "/console/escalations", waitingEscalations > 0)];
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var account = await signIn.ExecuteAsync(Username, Password, SignInWithPassword.Console, ct);
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
