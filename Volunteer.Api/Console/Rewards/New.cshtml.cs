using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Volunteer.Domain.Common;
using Volunteer.Domain.Rewards;
using Volunteer.Infrastructure.Rewards;

namespace Volunteer.Api.Console.Rewards;

/// <summary>
/// <c>/console/rewards/new</c>: partner staff publish a reward (发布兑换奖品) in communities their
/// organisation serves, through the API's <see cref="PublishReward"/>; every rule and message is the use case's.
/// </summary>
[Authorize(Policy = ConsoleAuth.Partner)]
public sealed class NewModel(PublishReward publish, RewardQueries rewards, TimeProvider clock) : ConsolePageModel
{
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public int PointsCost { get; set; } = 50;
    [BindProperty] public int Stock { get; set; } = 10;
    [BindProperty] public int PerMemberLimit { get; set; } = 1;
    [BindProperty] public string? ValidFrom { get; set; }
    [BindProperty] public string? ValidUntil { get; set; }
    [BindProperty] public List<Guid> CommunityIds { get; set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Communities { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        ValidFrom = ConsoleText.Input(now);
        ValidUntil = ConsoleText.Input(new DateTimeOffset(ChinaTime.ToChina(now).Date.AddMonths(3), ChinaTime.Offset));
        Communities = await rewards.PublishableCommunitiesAsync(Actor, now, ct);
        if (Communities.Count == 1)
            CommunityIds = [Communities[0].Id];
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var from = ConsoleText.FromInput(ValidFrom);
        var until = ConsoleText.FromInput(ValidUntil);
        if (from is null || until is null)
            return await AgainAsync(from is null ? "请填写开始兑换时间。" : "请填写截止兑换时间。", ct);
        try
        {
            await publish.ExecuteAsync(Actor, new RewardTerms(Title ?? "", Description, PointsCost, Stock, PerMemberLimit, from.Value, until.Value),
                CommunityIds, ct);
        }
        catch (DomainException e) when (e.Kind is not ErrorKind.NotFound)
        {
            return await AgainAsync(e.Message, ct);
        }
        Notice = $"奖品“{Title?.Trim()}”已发布。";
        return Redirect("/console/rewards");
    }

    /// <summary>The form again with what was typed and the use case's message.</summary>
    private async Task<IActionResult> AgainAsync(string message, CancellationToken ct)
    {
        Error = message;
        Communities = await rewards.PublishableCommunitiesAsync(Actor, clock.GetUtcNow(), ct);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    public string? Error { get; private set; }
}
