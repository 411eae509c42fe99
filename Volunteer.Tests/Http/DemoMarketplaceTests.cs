using Microsoft.EntityFrameworkCore;
using System.Net;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Api.Points;
using Volunteer.Api.Rewards;
using Volunteer.Domain.Rewards;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>The embedded default with its demo street: the whole earn-and-redeem loop works out of the box.</summary>
public sealed class DemoMarketplaceTests(DemoMarketplaceTests.DemoApi api) : IClassFixture<DemoMarketplaceTests.DemoApi>
{
    public sealed class DemoApi() : ApiFactory(Provider.Sqlite)
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Seeding:DemoData"] = "true" };
    }

    [Fact]
    public async Task Li_ming_redeems_a_shopping_bag_with_demo_points_and_the_bank_fulfils_it()
    {
        var li = await (await api.Client().PostJsonAsync("/api/v1/auth/wechat", new { code = "dev-li-ming" })).ReadAsync<SignInResponse>();
        var resident = api.Client(li.AccessToken);
        var before = (await (await resident.GetAsync("/api/v1/me/points")).ReadAsync<PointsResponse>()).Balance;
        // The demo story: enough for the shopping bag (20), not for the haircut (50).
        Assert.InRange(before, 20, 49);
        Assert.Equal(before, await api.DbAsync(db => db.LedgerEntries.Where(e => e.MemberId == li.Member.Id).SumAsync(e => e.Amount)));

        var offer = await (await resident.GetAsync("/api/v1/rewards")).ReadAsync<Paged<RewardResponse>>();
        Assert.Equal(["环保购物袋", "理发一次", "粮油礼包"], offer.Items.Select(r => r.Title));
        Assert.Equal("党员示范店", Assert.Single(offer.Items[1].Partner.Badges).Label);
        Assert.Equal("支部推荐放心店", Assert.Single(offer.Items[2].Partner.Badges).Label);

        var haircut = await api.RedeemAsync(li.AccessToken, offer.Items[1].Id);
        Assert.Equal("points.insufficient", (await haircut.ProblemAsync(HttpStatusCode.Conflict)).Code);
        var bag = await api.RedeemOkAsync(li.AccessToken, offer.Items[0].Id);
        Assert.Equal(before - 20, (await (await resident.GetAsync("/api/v1/me/points")).ReadAsync<PointsResponse>()).Balance);

        var bank = await (await api.Client().PostJsonAsync("/api/v1/auth/password", new { username = "demo-partner", password = "Demo#2026" }))
            .ReadAsync<SignInResponse>();
        var fulfilled = await (await api.FulfilAsync(bank.AccessToken, bag.Code!)).ReadAsync<RedemptionResponse>();
        Assert.Equal(RedemptionStatus.Fulfilled, fulfilled.Status);
    }
}
