using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Api.Http;
using Volunteer.Api.Rewards;
using Volunteer.Domain.Partners;
using Volunteer.Domain.Points;
using Volunteer.Domain.Rewards;
using Volunteer.Infrastructure.Rewards;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>积分兑换 end to end: publish, browse, redeem, fulfil (核销), cancel, expire and settle, on each database.</summary>
public abstract class MarketplaceTests(ApiFactory api)
{
    [Fact]
    public async Task A_resident_redeems_with_points_and_the_partner_fulfils_the_code_once()
    {
        var place = await api.NewCommunityAsync();
        var shop = await api.NewShopAsync(place, name: "老王理发店");
        await api.DbAsync(async db =>
        {
            var partner = await db.Partners.Include(p => p.Badges).SingleAsync(p => p.Id == shop.Id);
            partner.GrantBadge(BadgeKind.PartyMemberModelShop, place.Staff.Id, api.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        });
        var reward = await api.PublishRewardAsync(shop, place, cost: 20, stock: 3, title: "理发一次");
        var member = await api.NewResidentWithPointsAsync(place, 25);

        var offer = await (await api.Client(member.Token).GetAsync("/api/v1/rewards")).ReadAsync<Paged<RewardResponse>>();
        var listed = Assert.Single(offer.Items);
        Assert.Equal((reward.Id, "老王理发店", 1, true), (listed.Id, listed.Partner.Name, listed.MyRemaining, listed.RedeemableNow));
        Assert.Equal("党员示范店", Assert.Single(listed.Partner.Badges).Label);

        var created = await api.RedeemAsync(member.Token, reward.Id, body: new { note = "周六上午" });
        var redemption = await created.ReadAsync<RedemptionResponse>(HttpStatusCode.Created);
        Assert.Equal(RedemptionStatus.Pending, redemption.Status);
        Assert.Equal(10, redemption.Code!.Length);
        Assert.Equal(api.Clock.GetUtcNow().AddDays(7), redemption.ExpiresAt);
        Assert.Equal($"/api/v1/redemptions/{redemption.Id}", created.Headers.Location?.OriginalString);
        Assert.Equal(5, await api.BalanceAsync(member.Id));
        Assert.Equal(2, await api.StockAsync(reward.Id));
        var debit = Assert.Single(await api.LedgerAsync(member.Id), e => e.Kind == LedgerEntryKind.Redeem);
        Assert.Equal((-20, redemption.Id, 5), (debit.Amount, debit.SourceId, debit.BalanceAfter));

        // Residents see their code; partner staff see a hint and a masked name.
        var mine = await (await api.Client(member.Token).GetAsync("/api/v1/me/redemptions")).ReadAsync<Paged<RedemptionResponse>>();
        Assert.Equal(redemption.Code, Assert.Single(mine.Items).Code);
        var theirs = await (await api.Client(shop.Token).GetAsync("/api/v1/partner/redemptions?status=pending")).ReadAsync<Paged<RedemptionResponse>>();
        var seen = Assert.Single(theirs.Items);
        Assert.Null(seen.Code);
        Assert.Equal((redemption.Code[^4..], "周六上午"), (seen.CodeHint, seen.Note));
        Assert.Contains('*', seen.MemberName);

        // 核销 accepts what staff type: lower case and a hyphen.
        var typed = (redemption.Code[..5] + "-" + redemption.Code[5..]).ToLowerInvariant();
        var fulfilled = await (await api.FulfilAsync(shop.Token, typed)).ReadAsync<RedemptionResponse>();
        Assert.Equal(RedemptionStatus.Fulfilled, fulfilled.Status);
        Assert.Equal("redemption.alreadyFulfilled", (await (await api.FulfilAsync(shop.Token, redemption.Code)).ProblemAsync(HttpStatusCode.Conflict)).Code);
        var cancel = await api.Client(member.Token).PostJsonAsync($"/api/v1/redemptions/{redemption.Id}/cancel");
        Assert.Equal("redemption.alreadyFulfilled", (await cancel.ProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal(5, await api.BalanceAsync(member.Id));
        await api.AssertBooksBalanceAsync(member.Id);
    }

    [Fact]
    public async Task Cancelling_returns_points_and_stock_once_and_voids_the_code()
    {
        var place = await api.NewCommunityAsync();
        var shop = await api.NewShopAsync(place);
        var reward = await api.PublishRewardAsync(shop, place, cost: 20, stock: 1);
        var member = await api.NewResidentWithPointsAsync(place, 20);
        var redemption = await api.RedeemOkAsync(member.Token, reward.Id);
        Assert.Equal(0, await api.StockAsync(reward.Id));

        var cancelled = await (await api.Client(member.Token).PostJsonAsync($"/api/v1/redemptions/{redemption.Id}/cancel")).ReadAsync<RedemptionResponse>();
        Assert.Equal(RedemptionStatus.Cancelled, cancelled.Status);
        Assert.NotNull(cancelled.ClosedAt);
        var again = await api.Client(member.Token).PostJsonAsync($"/api/v1/redemptions/{redemption.Id}/cancel");
        Assert.Equal("redemption.cancelled", (await again.ProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal("redemption.cancelled", (await (await api.FulfilAsync(shop.Token, redemption.Code!)).ProblemAsync(HttpStatusCode.Conflict)).Code);

        var refund = Assert.Single(await api.LedgerAsync(member.Id), e => e.Kind == LedgerEntryKind.Refund);
        Assert.Equal((20, redemption.Id, 20), (refund.Amount, refund.SourceId, refund.BalanceAfter));
        Assert.Equal(1, await api.StockAsync(reward.Id));
        // Cancelled redemptions do not count towards the per-member limit.
        await api.RedeemOkAsync(member.Token, reward.Id);
    }

    [Fact]
    public async Task An_unfulfilled_code_expires_after_the_configured_days_and_refunds_once()
    {
        var place = await api.NewCommunityAsync();
        var shop = await api.NewShopAsync(place);
        var reward = await api.PublishRewardAsync(shop, place, cost: 20, stock: 5, limit: 2, validFor: TimeSpan.FromDays(60));
        var member = await api.NewResidentWithPointsAsync(place, 40);
        var first = await api.RedeemOkAsync(member.Token, reward.Id);
        var second = await api.RedeemOkAsync(member.Token, reward.Id);

        api.Clock.Advance(TimeSpan.FromDays(7));
        var staffToken = api.TokenFor(shop.Staff.Account);
        // Not swept yet, but past its time: refused, and expired on the spot with its refund.
        var late = await api.FulfilAsync(staffToken, first.Code!);
        Assert.Equal("redemption.expired", (await late.ProblemAsync(HttpStatusCode.Conflict)).Code);
        var cancel = await api.Client(member.Token).PostJsonAsync($"/api/v1/redemptions/{second.Id}/cancel");
        Assert.Equal("redemption.expired", (await cancel.ProblemAsync(HttpStatusCode.Conflict)).Code);

        await using (var scope = api.Services.CreateAsyncScope())
        {
            var expiry = scope.ServiceProvider.GetRequiredService<ExpireRedemptions>();
            await expiry.ExecuteAsync(default);
            await expiry.ExecuteAsync(default);
        }

        var statuses = await api.DbAsync(db => db.Redemptions.Where(r => r.MemberId == member.Id).Select(r => r.Status).ToListAsync());
        Assert.All(statuses, s => Assert.Equal(RedemptionStatus.Expired, s));
        var refunds = (await api.LedgerAsync(member.Id)).Where(e => e.Kind == LedgerEntryKind.Refund).Select(e => e.SourceId).Order().ToList();
        Assert.Equal(new[] { first.Id, second.Id }.Order(), refunds);
        Assert.Equal(40, await api.BalanceAsync(member.Id));
        Assert.Equal(5, await api.StockAsync(reward.Id));
        await api.AssertBooksBalanceAsync(member.Id);
    }

    [Fact]
    public async Task Residents_see_only_what_they_can_redeem_now_filtered_by_partner_and_kind()
    {
        var place = await api.NewCommunityAsync();
        var other = await api.NewCommunityAsync(place.StreetId);
        var merchant = await api.NewShopAsync(place, PartnerKind.Merchant);
        var market = await api.NewShopAsync(place, PartnerKind.Supermarket);
        var open = await api.PublishRewardAsync(merchant, place, title: "理发一次");
        var paused = await api.PublishRewardAsync(merchant, place, title: "洗头一次");
        var empty = await api.PublishRewardAsync(merchant, place, stock: 0, title: "染发一次");
        var rice = await api.PublishRewardAsync(market, place, title: "粮油礼包");
        await (await api.Client(merchant.Token).PostJsonAsync($"/api/v1/rewards/{paused.Id}/pause")).ShouldBeAsync(HttpStatusCode.OK);
        var member = await api.NewResidentAsync(place);
        var client = api.Client(member.Token);

        async Task<List<Guid>> Listed(string query) =>
            (await (await client.GetAsync("/api/v1/rewards" + query)).ReadAsync<Paged<RewardResponse>>()).Items.Select(r => r.Id).ToList();

        Assert.Equal(new[] { open.Id, rice.Id }.Order(), (await Listed("")).Order());
        Assert.Equal([open.Id], await Listed($"?partnerId={merchant.Id}"));
        Assert.Equal([rice.Id], await Listed("?kind=supermarket"));
        Assert.Empty(await Listed($"?communityId={other.CommunityId}"));
        Assert.DoesNotContain(empty.Id, await Listed(""));

        // Partners serving the community, for residents, with their badges.
        var partners = await (await client.GetAsync("/api/v1/partners")).ReadAsync<Paged<Volunteer.Api.Partners.PartnerResponse>>();
        Assert.Equal(new[] { merchant.Id, market.Id }.Order(), partners.Items.Select(p => p.Id).Order());

        // Ending the co-building agreement takes the partner's rewards away from the community.
        var admin = await api.NewAdminAsync(place.StreetId);
        await (await api.Client(admin.Token).DeleteAsync($"/api/v1/admin/partners/{market.Id}/communities/{place.CommunityId}"))
            .ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal([open.Id], await Listed(""));
        var member2 = await api.NewResidentWithPointsAsync(place, 100);
        var refused = await api.RedeemAsync(member2.Token, rice.Id);
        Assert.Equal("reward.notAvailable", (await refused.ProblemAsync(HttpStatusCode.Conflict)).Code);
    }

    [Fact]
    public async Task Staff_pause_resume_end_and_restock_without_touching_redemptions_already_made()
    {
        var place = await api.NewCommunityAsync();
        var shop = await api.NewShopAsync(place);
        var reward = await api.PublishRewardAsync(shop, place, cost: 10, stock: 2, limit: 5);
        var member = await api.NewResidentWithPointsAsync(place, 100);
        var staff = api.Client(shop.Token);
        var made = await api.RedeemOkAsync(member.Token, reward.Id);

        var pausedView = await (await staff.PostJsonAsync($"/api/v1/rewards/{reward.Id}/pause")).ReadAsync<RewardResponse>();
        Assert.Equal((RewardStatus.Paused, false), (pausedView.Status, pausedView.RedeemableNow));
        Assert.Equal("reward.notAvailable", (await (await api.RedeemAsync(member.Token, reward.Id)).ProblemAsync(HttpStatusCode.Conflict)).Code);
        await (await staff.PostJsonAsync($"/api/v1/rewards/{reward.Id}/resume")).ShouldBeAsync(HttpStatusCode.OK);

        var restocked = await (await staff.PutJsonAsync($"/api/v1/rewards/{reward.Id}/stock", new { stock = 0 })).ReadAsync<RewardResponse>();
        Assert.Equal(0, restocked.Stock);
        Assert.Equal("reward.outOfStock", (await (await api.RedeemAsync(member.Token, reward.Id)).ProblemAsync(HttpStatusCode.Conflict)).Code);
        await (await staff.PutJsonAsync($"/api/v1/rewards/{reward.Id}/stock", new { stock = 7 })).ShouldBeAsync(HttpStatusCode.OK);
        await api.RedeemOkAsync(member.Token, reward.Id);

        var ended = await (await staff.PostJsonAsync($"/api/v1/rewards/{reward.Id}/end")).ReadAsync<RewardResponse>();
        Assert.Equal(RewardStatus.Ended, ended.Status);
        Assert.Equal("reward.ended", (await (await staff.PutJsonAsync($"/api/v1/rewards/{reward.Id}/stock", new { stock = 9 })).ProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal("reward.notAvailable", (await (await api.RedeemAsync(member.Token, reward.Id)).ProblemAsync(HttpStatusCode.Conflict)).Code);

        // A code issued before the reward ended is still honoured.
        await (await api.FulfilAsync(shop.Token, made.Code!)).ShouldBeAsync(HttpStatusCode.OK);
        var own = await (await staff.GetAsync("/api/v1/partner/rewards?status=ended")).ReadAsync<Paged<RewardResponse>>();
        Assert.Equal(reward.Id, Assert.Single(own.Items).Id);
    }

    [Fact]
    public async Task The_monthly_settlement_counts_fulfilled_redemptions_per_reward_in_json_and_csv()
    {
        var place = await api.NewCommunityAsync();
        var shop = await api.NewShopAsync(place, name: "云阳积分超市");
        var bag = await api.PublishRewardAsync(shop, place, cost: 20, stock: 10, limit: 5, title: "环保购物袋");
        var rice = await api.PublishRewardAsync(shop, place, cost: 200, stock: 10, title: "=粮油礼包, 5kg");
        var member = await api.NewResidentWithPointsAsync(place, 1000);
        var bags = new List<RedemptionResponse>();
        for (var i = 0; i < 4; i++)
            bags.Add(await api.RedeemOkAsync(member.Token, bag.Id));
        var riceCode = (await api.RedeemOkAsync(member.Token, rice.Id)).Code!;
        await (await api.FulfilAsync(shop.Token, bags[0].Code!)).ShouldBeAsync(HttpStatusCode.OK);
        await (await api.FulfilAsync(shop.Token, bags[1].Code!)).ShouldBeAsync(HttpStatusCode.OK);
        await (await api.FulfilAsync(shop.Token, riceCode)).ShouldBeAsync(HttpStatusCode.OK);
        await (await api.Client(member.Token).PostJsonAsync($"/api/v1/redemptions/{bags[2].Id}/cancel")).ShouldBeAsync(HttpStatusCode.OK);
        // bags[3] stays pending: not settled.
        var period = Volunteer.Domain.Common.Period.Of(api.Clock.GetUtcNow()).ToString();
        var staff = api.Client(shop.Token);

        var settlement = await (await staff.GetAsync($"/api/v1/partner/settlements?period={period}")).ReadAsync<SettlementResponse>();
        Assert.Equal((period, "云阳积分超市", 3, 240), (settlement.Period, settlement.PartnerName, settlement.TotalCount, settlement.TotalPoints));
        Assert.Equal([(rice.Id, 1, 200), (bag.Id, 2, 40)], settlement.Lines.Select(l => (l.RewardId, l.Count, l.Points)));

        var csv = await staff.GetAsync($"/api/v1/partner/settlements?period={period}&format=csv");
        await csv.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("单位,结算月份,奖品编号,奖品名称,单份积分,核销份数,积分合计", lines[0]);
        Assert.Equal($"云阳积分超市,{period},{rice.Id},\"'=粮油礼包, 5kg\",200,1,200", lines[1]);
        Assert.Equal($"云阳积分超市,{period},{bag.Id},环保购物袋,20,2,40", lines[2]);
        Assert.Equal($"云阳积分超市,{period},,合计,,3,240", lines[3]);

        var byAccept = new HttpRequestMessage(HttpMethod.Get, "/api/v1/partner/settlements");
        byAccept.Headers.Accept.ParseAdd("text/csv");
        Assert.Equal("text/csv", (await staff.SendAsync(byAccept)).Content.Headers.ContentType?.MediaType);

        var nextMonth = Volunteer.Domain.Common.Period.Of(api.Clock.GetUtcNow()).Next().ToString();
        var empty = await (await staff.GetAsync($"/api/v1/partner/settlements?period={nextMonth}")).ReadAsync<SettlementResponse>();
        Assert.Equal((0, 0, 0), (empty.Lines.Count, empty.TotalCount, empty.TotalPoints));

        // Street admins read any partner of their street.
        var admin = await api.NewAdminAsync(place.StreetId);
        var forAdmin = await (await api.Client(admin.Token).GetAsync($"/api/v1/partner/settlements?period={period}&partnerId={shop.Id}"))
            .ReadAsync<SettlementResponse>();
        Assert.Equal(240, forAdmin.TotalPoints);
    }

    [Fact]
    public async Task Partners_act_only_for_their_own_organisation_and_residents_see_only_their_own_redemptions()
    {
        var place = await api.NewCommunityAsync();
        var shopA = await api.NewShopAsync(place);
        var shopB = await api.NewShopAsync(place);
        var rewardB = await api.PublishRewardAsync(shopB, place, cost: 10, stock: 5);
        var alice = await api.NewResidentWithPointsAsync(place, 100);
        var bob = await api.NewResidentWithPointsAsync(place, 100);
        var alices = await api.RedeemOkAsync(alice.Token, rewardB.Id);
        var a = api.Client(shopA.Token);

        var fulfil = await api.FulfilAsync(shopA.Token, alices.Code!);
        Assert.Equal("redemption.otherPartner", (await fulfil.ProblemAsync(HttpStatusCode.Forbidden)).Code);
        Assert.Equal(RedemptionStatus.Pending, await api.DbAsync(db => db.Redemptions.Where(r => r.Id == alices.Id).Select(r => r.Status).SingleAsync()));
        Assert.Equal("redemption.notFound", (await (await a.GetAsync($"/api/v1/redemptions/{alices.Id}")).ProblemAsync(HttpStatusCode.NotFound)).Code);
        Assert.Empty((await (await a.GetAsync("/api/v1/partner/redemptions")).ReadAsync<Paged<RedemptionResponse>>()).Items);
        Assert.Equal("reward.otherPartner", (await (await a.PutJsonAsync($"/api/v1/rewards/{rewardB.Id}/stock", new { stock = 0 })).ProblemAsync(HttpStatusCode.Forbidden)).Code);
        Assert.Equal("reward.otherPartner", (await (await a.PostJsonAsync($"/api/v1/rewards/{rewardB.Id}/pause")).ProblemAsync(HttpStatusCode.Forbidden)).Code);
        Assert.Equal("reward.otherPartner", (await (await a.PostJsonAsync($"/api/v1/rewards/{rewardB.Id}/end")).ProblemAsync(HttpStatusCode.Forbidden)).Code);
        Assert.Equal("partner.forbidden", (await (await a.GetAsync($"/api/v1/partner/settlements?partnerId={shopB.Id}")).ProblemAsync(HttpStatusCode.Forbidden)).Code);
        Assert.Equal(5 - 1, await api.StockAsync(rewardB.Id));

        // Bob cannot see, cancel or list Alice's redemption; residents cannot fulfil.
        var b = api.Client(bob.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"/api/v1/redemptions/{alices.Id}")).StatusCode);
        Assert.Equal("redemption.notFound", (await (await b.PostJsonAsync($"/api/v1/redemptions/{alices.Id}/cancel")).ProblemAsync(HttpStatusCode.NotFound)).Code);
        Assert.Empty((await (await b.GetAsync("/api/v1/me/redemptions")).ReadAsync<Paged<RedemptionResponse>>()).Items);
        Assert.Equal("role.partnerStaffOnly", (await (await api.FulfilAsync(bob.Token, alices.Code!)).ProblemAsync(HttpStatusCode.Forbidden)).Code);
        Assert.Equal("role.partnerStaffOnly", (await (await b.GetAsync("/api/v1/partner/redemptions")).ProblemAsync(HttpStatusCode.Forbidden)).Code);
        Assert.Equal("role.residentOnly", (await (await api.RedeemAsync(shopA.Token, rewardB.Id)).ProblemAsync(HttpStatusCode.Forbidden)).Code);

        // Partner B sees it without the code; Alice sees her code.
        var seenByB = await (await api.Client(shopB.Token).GetAsync($"/api/v1/redemptions/{alices.Id}")).ReadAsync<RedemptionResponse>();
        Assert.Null(seenByB.Code);
        var seenByAlice = await (await api.Client(alice.Token).GetAsync($"/api/v1/redemptions/{alices.Id}")).ReadAsync<RedemptionResponse>();
        Assert.Equal(alices.Code, seenByAlice.Code);
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_problem_never_a_500()
    {
        var place = await api.NewCommunityAsync();
        var shop = await api.NewShopAsync(place);
        var elsewhere = await api.NewCommunityAsync();
        var staff = api.Client(shop.Token);
        var now = api.Clock.GetUtcNow();
        object Reward(int cost = 10, int stock = 5, Guid? community = null) => new
        {
            title = "环保购物袋",
            pointsCost = cost,
            stock,
            perMemberLimit = 1,
            validFrom = now,
            validUntil = now.AddDays(10),
            communityIds = new[] { community ?? place.CommunityId },
        };

        var negativeCost = await (await staff.PostJsonAsync("/api/v1/rewards", Reward(cost: -5))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("pointsCost", negativeCost.Errors!.Keys);
        var negativeStock = await (await staff.PostJsonAsync("/api/v1/rewards", Reward(stock: -1))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("stock", negativeStock.Errors!.Keys);
        var unserved = await (await staff.PostJsonAsync("/api/v1/rewards", Reward(community: elsewhere.CommunityId))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("communityIds", unserved.Errors!.Keys);
        var missing = await (await staff.PostJsonAsync("/api/v1/rewards", new { title = "x" })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Superset(new HashSet<string> { "pointsCost", "stock", "perMemberLimit", "validFrom", "validUntil", "communityIds" }, missing.Errors!.Keys.ToHashSet());
        Assert.Equal("body.invalidJson", (await (await staff.PostJsonAsync("/api/v1/rewards", new { pointsCost = "many" })).ProblemAsync(HttpStatusCode.BadRequest)).Code);
        var reward = await api.PublishRewardAsync(shop, place);
        Assert.Contains("stock", (await (await staff.PutJsonAsync($"/api/v1/rewards/{reward.Id}/stock", new { stock = -3 })).ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);

        var member = await api.NewResidentWithPointsAsync(place, 5);
        Assert.Equal("reward.notFound", (await (await api.RedeemAsync(member.Token, Guid.NewGuid())).ProblemAsync(HttpStatusCode.NotFound)).Code);
        Assert.Equal("idempotency.keyRequired", (await (await api.RedeemAsync(member.Token, reward.Id, key: null)).ProblemAsync(HttpStatusCode.BadRequest)).Code);
        Assert.Equal("idempotency.keyInvalid", (await (await api.RedeemAsync(member.Token, reward.Id, key: new string('k', 100))).ProblemAsync(HttpStatusCode.BadRequest)).Code);
        Assert.Equal("points.insufficient", (await (await api.RedeemAsync(member.Token, reward.Id)).ProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal("redemption.badCode", (await (await api.FulfilAsync(shop.Token, "not-a-code!")).ProblemAsync(HttpStatusCode.BadRequest)).Code);
        Assert.Equal("validation", (await (await staff.PostJsonAsync("/api/v1/redemptions/fulfil", new { })).ProblemAsync(HttpStatusCode.BadRequest)).Code);
        Assert.Equal("redemption.notFound", (await (await api.FulfilAsync(shop.Token, "ABCDEFGHJK")).ProblemAsync(HttpStatusCode.NotFound)).Code);
        Assert.Equal("period.invalid", (await (await staff.GetAsync("/api/v1/partner/settlements?period=2026-13")).ProblemAsync(HttpStatusCode.BadRequest)).Code);
        Assert.Equal("validation", (await (await staff.GetAsync("/api/v1/partner/settlements?format=xlsx")).ProblemAsync(HttpStatusCode.BadRequest)).Code);
        Assert.Equal("validation", (await (await api.Client(member.Token).GetAsync("/api/v1/me/redemptions?status=lost")).ProblemAsync(HttpStatusCode.BadRequest)).Code);
    }

    [Fact]
    public async Task The_same_idempotency_key_with_another_body_or_reward_is_refused_with_422()
    {
        var place = await api.NewCommunityAsync();
        var shop = await api.NewShopAsync(place);
        var bag = await api.PublishRewardAsync(shop, place, cost: 10, stock: 5, limit: 5);
        var cut = await api.PublishRewardAsync(shop, place, cost: 10, stock: 5, title: "理发一次");
        var member = await api.NewResidentWithPointsAsync(place, 100);
        var key = "order-" + Guid.NewGuid().ToString("N");

        var first = await (await api.RedeemAsync(member.Token, bag.Id, key, new { note = "蓝色" })).ReadAsync<RedemptionResponse>(HttpStatusCode.Created);
        var retry = await api.RedeemAsync(member.Token, bag.Id, key, new { note = "蓝色" });
        Assert.Equal(first.Id, (await retry.ReadAsync<RedemptionResponse>(HttpStatusCode.Created)).Id);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues(RewardEndpoints.ReplayedHeader)));
        Assert.Equal("idempotency.mismatch", (await (await api.RedeemAsync(member.Token, bag.Id, key, new { note = "红色" })).ProblemAsync(HttpStatusCode.UnprocessableEntity)).Code);
        Assert.Equal("idempotency.mismatch", (await (await api.RedeemAsync(member.Token, cut.Id, key, new { note = "蓝色" })).ProblemAsync(HttpStatusCode.UnprocessableEntity)).Code);
        Assert.Equal(90, await api.BalanceAsync(member.Id));

        // The body may be left out altogether.
        var bare = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/rewards/{bag.Id}/redemptions");
        bare.Headers.Add(RewardEndpoints.IdempotencyKeyHeader, Guid.NewGuid().ToString());
        Assert.Null((await (await api.Client(member.Token).SendAsync(bare)).ReadAsync<RedemptionResponse>(HttpStatusCode.Created)).Note);

        // Keys belong to one member: another member may use the same key.
        var other = await api.NewResidentWithPointsAsync(place, 10);
        Assert.NotEqual(first.Id, (await (await api.RedeemAsync(other.Token, bag.Id, key, new { note = "蓝色" })).ReadAsync<RedemptionResponse>(HttpStatusCode.Created)).Id);
    }

    [Fact]
    public async Task Admins_register_partners_link_communities_and_grant_badges_residents_see()
    {
        var place = await api.NewCommunityAsync();
        var admin = api.Client((await api.NewAdminAsync(place.StreetId)).Token);
        var today = Volunteer.Domain.Partners.CoBuildingAgreement.Today(api.Clock.GetUtcNow());

        var partner = await (await admin.PostJsonAsync("/api/v1/admin/partners", new { name = "东门惠民超市", kind = "supermarket", contact = "13900001111" }))
            .ReadAsync<Volunteer.Api.Partners.PartnerResponse>(HttpStatusCode.Created);
        await (await admin.PostJsonAsync("/api/v1/admin/accounts", new
        {
            username = "huimin-" + Guid.NewGuid().ToString("N")[..6], password = "Passw0rd!", displayName = "超市店长", role = "partnerStaff", partnerId = partner.Id,
        })).ShouldBeAsync(HttpStatusCode.Created);
        var link = $"/api/v1/admin/partners/{partner.Id}/communities/{place.CommunityId}";
        var agreement = await (await admin.PutJsonAsync(link, new { startsOn = today.AddDays(1), endsOn = today.AddYears(1) }))
            .ReadAsync<Volunteer.Api.Partners.AgreementResponse>(HttpStatusCode.Created);
        Assert.False(agreement.InForce);
        agreement = await (await admin.PutJsonAsync(link, new { startsOn = today, endsOn = today.AddYears(1) })).ReadAsync<Volunteer.Api.Partners.AgreementResponse>();
        Assert.True(agreement.InForce);
        Assert.Equal("endsOn", (await (await admin.PutJsonAsync(link, new { startsOn = today, endsOn = today.AddDays(-1) })).ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys.Single());

        await (await admin.PostJsonAsync($"/api/v1/admin/partners/{partner.Id}/badges", new { badge = "branchRecommendedShop" })).ShouldBeAsync(HttpStatusCode.OK);
        var twice = await admin.PostJsonAsync($"/api/v1/admin/partners/{partner.Id}/badges", new { badge = "branchRecommendedShop" });
        Assert.Equal("partner.badgeAlreadyGranted", (await twice.ProblemAsync(HttpStatusCode.Conflict)).Code);

        var resident = await api.NewResidentAsync(place);
        var seen = await (await api.Client(resident.Token).GetAsync("/api/v1/partners")).ReadAsync<Paged<Volunteer.Api.Partners.PartnerResponse>>();
        var listed = Assert.Single(seen.Items);
        Assert.Equal(("东门惠民超市", "支部推荐放心店"), (listed.Name, Assert.Single(listed.Badges).Label));

        var detail = await (await admin.DeleteAsync($"/api/v1/admin/partners/{partner.Id}/badges/branchRecommendedShop"))
            .ReadAsync<Volunteer.Api.Partners.PartnerDetailResponse>();
        Assert.Empty(detail.Partner.Badges);
        var history = Assert.Single(detail.BadgeHistory);
        Assert.NotNull(history.RevokedAt);
        Assert.Single(detail.Staff);
        Assert.Single(detail.Agreements);
        Assert.Equal("partner.badgeNotGranted", (await (await admin.DeleteAsync($"/api/v1/admin/partners/{partner.Id}/badges/branchRecommendedShop")).ProblemAsync(HttpStatusCode.Conflict)).Code);

        // Admins of another street do not see the partner; partner staff and residents are not admins.
        var stranger = api.Client((await api.NewAdminAsync((await api.NewCommunityAsync()).StreetId)).Token);
        Assert.Equal("partner.notFound", (await (await stranger.PutJsonAsync(link, new { startsOn = today, endsOn = today.AddYears(1) })).ProblemAsync(HttpStatusCode.NotFound)).Code);
        Assert.Equal("role.adminOnly", (await (await api.Client(resident.Token).GetAsync($"/api/v1/admin/partners/{partner.Id}")).ProblemAsync(HttpStatusCode.Forbidden)).Code);
    }
}

public sealed class MarketplaceOnPostgres(PostgresApi api) : MarketplaceTests(api), IClassFixture<PostgresApi>;

public sealed class MarketplaceOnSqlite(SqliteApi api) : MarketplaceTests(api), IClassFixture<SqliteApi>;
