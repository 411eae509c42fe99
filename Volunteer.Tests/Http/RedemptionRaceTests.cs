using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Api.Rewards;
using Volunteer.Domain.Points;
using Volunteer.Domain.Rewards;
using Volunteer.Infrastructure.Rewards;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>
/// Many requests at once against real PostgreSQL: the balance, stock, per-member limit, idempotency
/// key and refund-once rules must hold however the requests interleave.
/// </summary>
public sealed class RedemptionRaceTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    [Fact]
    public async Task Twenty_concurrent_redemptions_by_a_member_whose_balance_covers_three_debit_exactly_three()
    {
        var place = await api.NewCommunityAsync();
        var shop = await api.NewShopAsync(place);
        var reward = await api.PublishRewardAsync(shop, place, cost: 20, stock: 100, limit: 50);
        var member = await api.NewResidentWithPointsAsync(place, 60);

        var responses = await Marketplace.RaceAsync(20, _ => api.RedeemAsync(member.Token, reward.Id));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            Assert.Equal("points.insufficient", (await refused.ProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal(0, await api.BalanceAsync(member.Id));
        await api.AssertBooksBalanceAsync(member.Id);
        var ledger = await api.LedgerAsync(member.Id);
        Assert.Equal(3, ledger.Count(e => e.Kind == LedgerEntryKind.Redeem));
        // Each entry's balance-after is a distinct step down: no two debits saw the same balance.
        Assert.Equal([40, 20, 0], ledger.Where(e => e.Kind == LedgerEntryKind.Redeem).Select(e => e.BalanceAfter).Order().Reverse());
        Assert.Equal(97, await api.StockAsync(reward.Id));
        Assert.Equal(3, await api.DbAsync(db => db.Redemptions.CountAsync(r => r.MemberId == member.Id)));
    }

    [Fact]
    public async Task Fifty_members_racing_for_a_stock_of_five_get_exactly_five_redemptions()
    {
        var place = await api.NewCommunityAsync();
        var shop = await api.NewShopAsync(place);
        var reward = await api.PublishRewardAsync(shop, place, cost: 10, stock: 5);
        var members = await api.NewResidentsWithPointsAsync(place, 50, 10);

        var responses = await Marketplace.RaceAsync(50, i => api.RedeemAsync(members[i].Token, reward.Id));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            Assert.Equal("reward.outOfStock", (await refused.ProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal(0, await api.StockAsync(reward.Id));
        Assert.Equal(5, await api.DbAsync(db => db.Redemptions.CountAsync(r => r.RewardId == reward.Id)));
        var ids = members.Select(m => m.Id).ToList();
        var balances = await api.DbAsync(db => db.PointsAccounts.Where(a => ids.Contains(a.MemberId)).Select(a => a.Balance).ToListAsync());
        Assert.Equal((5, 45), (balances.Count(b => b == 0), balances.Count(b => b == 10)));
        Assert.Equal(5, await api.DbAsync(db => db.LedgerEntries.CountAsync(e => ids.Contains(e.MemberId) && e.Kind == LedgerEntryKind.Redeem)));
    }

    [Fact]
    public async Task The_per_member_limit_holds_when_one_member_redeems_many_times_at_once()
    {
        var place = await api.NewCommunityAsync();
        var shop = await api.NewShopAsync(place);
        var reward = await api.PublishRewardAsync(shop, place, cost: 5, stock: 50, limit: 2);
        var member = await api.NewResidentWithPointsAsync(place, 500);

        var responses = await Marketplace.RaceAsync(12, _ => api.RedeemAsync(member.Token, reward.Id));

        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            Assert.Equal("reward.limitReached", (await refused.ProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal(490, await api.BalanceAsync(member.Id));
        Assert.Equal(48, await api.StockAsync(reward.Id));
        await api.AssertBooksBalanceAsync(member.Id);
    }

    [Fact]
    public async Task The_same_request_sent_ten_times_at_once_creates_one_redemption_and_every_answer_is_it()
    {
        var place = await api.NewCommunityAsync();
        var shop = await api.NewShopAsync(place);
        var reward = await api.PublishRewardAsync(shop, place, cost: 20, stock: 10, limit: 5);
        var member = await api.NewResidentWithPointsAsync(place, 100);
        var key = Guid.NewGuid().ToString();

        var responses = await Marketplace.RaceAsync(10, _ => api.RedeemAsync(member.Token, reward.Id, key, new { note = "周六上午来取" }));

        var bodies = new List<RedemptionResponse>();
        foreach (var response in responses)
            bodies.Add(await response.ReadAsync<RedemptionResponse>(HttpStatusCode.Created));
        Assert.Single(bodies.Select(b => (b.Id, b.Code)).Distinct());
        Assert.Equal(9, responses.Count(r => r.Headers.TryGetValues(RewardEndpoints.ReplayedHeader, out _)));
        Assert.Equal(1, await api.DbAsync(db => db.Redemptions.CountAsync(r => r.MemberId == member.Id)));
        Assert.Equal(80, await api.BalanceAsync(member.Id));
        Assert.Equal(9, await api.StockAsync(reward.Id));
        Assert.Single(await api.LedgerAsync(member.Id), e => e.Kind == LedgerEntryKind.Redeem);
    }

    [Fact]
    public async Task Fulfil_raced_against_cancel_has_exactly_one_winner_and_never_refunds_twice()
    {
        var place = await api.NewCommunityAsync();
        var shop = await api.NewShopAsync(place);
        const int rounds = 8;
        var reward = await api.PublishRewardAsync(shop, place, cost: 10, stock: rounds, limit: rounds);
        var member = await api.NewResidentWithPointsAsync(place, 10 * rounds);
        var redemptions = new List<RedemptionResponse>();
        for (var i = 0; i < rounds; i++)
            redemptions.Add(await api.RedeemOkAsync(member.Token, reward.Id));

        var cancelled = 0;
        foreach (var redemption in redemptions)
        {
            var answers = await Marketplace.RaceAsync(2, i => i == 0
                ? api.FulfilAsync(shop.Token, redemption.Code!)
                : api.Client(member.Token).PostJsonAsync($"/api/v1/redemptions/{redemption.Id}/cancel"));
            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
            var loser = Assert.Single(answers, a => a.StatusCode != HttpStatusCode.OK);
            Assert.Contains((await loser.ProblemAsync(HttpStatusCode.Conflict)).Code, new[] { "redemption.alreadyFulfilled", "redemption.cancelled" });
            if (answers[1].StatusCode == HttpStatusCode.OK)
                cancelled++;
        }

        var ids = redemptions.Select(r => r.Id).ToList();
        var statuses = await api.DbAsync(db => db.Redemptions.Where(r => ids.Contains(r.Id)).Select(r => r.Status).ToListAsync());
        Assert.Equal(cancelled, statuses.Count(s => s == RedemptionStatus.Cancelled));
        Assert.Equal(rounds - cancelled, statuses.Count(s => s == RedemptionStatus.Fulfilled));
        var refunds = (await api.LedgerAsync(member.Id)).Where(e => e.Kind == LedgerEntryKind.Refund).ToList();
        Assert.Equal(cancelled, refunds.Count);
        Assert.Equal(refunds.Count, refunds.Select(r => r.SourceId).Distinct().Count());
        Assert.Equal(10 * cancelled, await api.BalanceAsync(member.Id));
        Assert.Equal(cancelled, await api.StockAsync(reward.Id));
        await api.AssertBooksBalanceAsync(member.Id);
    }

    [Fact]
    public async Task Concurrent_cancellations_refund_once()
    {
        var place = await api.NewCommunityAsync();
        var shop = await api.NewShopAsync(place);
        var reward = await api.PublishRewardAsync(shop, place, cost: 30, stock: 3);
        var member = await api.NewResidentWithPointsAsync(place, 30);
        var redemption = await api.RedeemOkAsync(member.Token, reward.Id);

        var answers = await Marketplace.RaceAsync(6, _ => api.Client(member.Token).PostJsonAsync($"/api/v1/redemptions/{redemption.Id}/cancel"));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
            Assert.Equal("redemption.cancelled", (await refused.ProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Single(await api.LedgerAsync(member.Id), e => e.Kind == LedgerEntryKind.Refund);
        Assert.Equal(30, await api.BalanceAsync(member.Id));
        Assert.Equal(3, await api.StockAsync(reward.Id));
    }

    [Fact]
    public async Task Expiry_run_twice_and_concurrently_refunds_once()
    {
        var place = await api.NewCommunityAsync();
        var shop = await api.NewShopAsync(place);
        var reward = await api.PublishRewardAsync(shop, place, cost: 25, stock: 4, limit: 4, validFor: TimeSpan.FromDays(60));
        var member = await api.NewResidentWithPointsAsync(place, 100);
        var redemptions = new List<RedemptionResponse>();
        for (var i = 0; i < 4; i++)
            redemptions.Add(await api.RedeemOkAsync(member.Token, reward.Id));
        Assert.Equal(0, await api.BalanceAsync(member.Id));

        api.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(ExpireAsync)));
        await ExpireAsync();

        var ids = redemptions.Select(r => r.Id).ToList();
        Assert.All(await api.DbAsync(db => db.Redemptions.Where(r => ids.Contains(r.Id)).ToListAsync()),
            r => Assert.Equal(RedemptionStatus.Expired, r.Status));
        var refunds = (await api.LedgerAsync(member.Id)).Where(e => e.Kind == LedgerEntryKind.Refund).ToList();
        Assert.Equal(ids.Order(), refunds.Select(r => r.SourceId).Order());
        Assert.Equal(100, await api.BalanceAsync(member.Id));
        Assert.Equal(4, await api.StockAsync(reward.Id));
        await api.AssertBooksBalanceAsync(member.Id);

        var late = await api.FulfilAsync(api.TokenFor(shop.Staff.Account), redemptions[0].Code!); // staff tokens last 12 hours
        Assert.Equal("redemption.expired", (await late.ProblemAsync(HttpStatusCode.Conflict)).Code);
    }

    private async Task ExpireAsync()
    {
        await using var scope = api.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ExpireRedemptions>().ExecuteAsync(default);
    }
}
