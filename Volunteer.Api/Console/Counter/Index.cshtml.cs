using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Volunteer.Api.Http;
using Volunteer.Api.Rewards;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Rewards;

namespace Volunteer.Api.Console.Counter;

/// <summary>
/// <c>/console/counter</c> (核销): a clerk types the resident's code and sees one large answer —
/// who, what, fulfilled, or the use case's reason why not. Same use case and rate limit as the API.
/// </summary>
[Authorize(Policy = ConsoleAuth.Partner)]
[EnableRateLimiting(RateLimits.Fulfil)]
public sealed class IndexModel(FulfilRedemption fulfil, RedemptionQueries redemptions) : ConsolePageModel
{
    [BindProperty] public string? Code { get; set; }

    public RedemptionResponse? Fulfilled { get; private set; }
    public string? Refusal { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var redemption = await fulfil.ExecuteAsync(Actor, Code, ct);
            Fulfilled = await RewardViews.RedemptionAsync(redemptions, Actor, redemption, ct);
            Code = null;
        }
        catch (DomainException e)
        {
            Refusal = e.Message;
            Response.StatusCode = ConsoleErrors.StatusOf(e.Kind);
        }
        return Page();
    }
}
