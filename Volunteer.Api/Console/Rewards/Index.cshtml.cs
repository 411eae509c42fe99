using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Volunteer.Domain.Rewards;
using Volunteer.Infrastructure.Rewards;

namespace Volunteer.Api.Console.Rewards;

/// <summary><c>/console/rewards</c>: the organisation's rewards; change stock, pause, resume or end one (same use cases as the API).</summary>
[Authorize(Policy = ConsoleAuth.Partner)]
public sealed class IndexModel(RewardQueries rewards, ChangeRewardStock changeStock, ChangeRewardStatus status) : ConsolePageModel
{
    public IReadOnlyList<Reward> Rewards { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rewards = await rewards.OwnAsync(Actor, 200, ct);

    public Task<IActionResult> OnPostStockAsync(Guid id, int stock, CancellationToken ct) =>
        RunAsync(() => changeStock.ExecuteAsync(Actor, id, stock, ct), $"库存已改为 {stock}。");

    public Task<IActionResult> OnPostStatusAsync(Guid id, RewardChange change, CancellationToken ct) =>
        RunAsync(() => status.ExecuteAsync(Actor, id, change, ct), change switch
        {
            RewardChange.Pause => "已暂停兑换。",
            RewardChange.Resume => "已恢复兑换。",
            _ => "已下架，不再兑换。",
        });

    public static string Of(RewardStatus status) => status switch
    {
        RewardStatus.Active => "兑换中",
        RewardStatus.Paused => "已暂停",
        _ => "已下架",
    };
}
