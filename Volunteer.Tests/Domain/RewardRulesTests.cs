using Volunteer.Domain.Common;
using Volunteer.Domain.Rewards;

namespace Volunteer.Tests.Domain;

public sealed class RewardRulesTests
{
    internal static readonly DateTimeOffset Now = new(2026, 11, 10, 2, 0, 0, TimeSpan.Zero);
    internal static readonly Guid Community = Guid.NewGuid();
    internal static readonly Guid PartnerId = Guid.NewGuid();

    internal static RewardTerms Terms(int cost = 20, int stock = 5, int limit = 1, DateTimeOffset? from = null, DateTimeOffset? until = null) =>
        new("环保购物袋", "到店领取", cost, stock, limit, from ?? Now.AddDays(-1), until ?? Now.AddDays(30));

    internal static Reward NewReward(int cost = 20, int stock = 5, int limit = 1, DateTimeOffset? from = null) =>
        Reward.Publish(PartnerId, Terms(cost, stock, limit, from), [Community], Guid.NewGuid(), Now);

    internal static RedemptionRequest Request(Guid rewardId, string? note = null) => RedemptionRequest.Of(Guid.NewGuid().ToString(), rewardId, note);

    private static DomainException Refused(Action action) => Assert.Throws<DomainException>(action);

    [Theory]
    [InlineData(0, 5, 1, "pointsCost")]
    [InlineData(-10, 5, 1, "pointsCost")]
    [InlineData(20, -1, 1, "stock")]
    [InlineData(20, 5, 0, "perMemberLimit")]
    [InlineData(20, 100_001, 1, "stock")]
    public void Publishing_refuses_costs_stock_and_limits_out_of_range(int cost, int stock, int limit, string field)
    {
        var e = Refused(() => NewReward(cost, stock, limit));
        Assert.Equal((ErrorKind.Validation, field), (e.Kind, e.Field));
    }

    [Fact]
    public void Publishing_needs_a_validity_window_ending_in_the_future_and_a_community()
    {
        Assert.Equal("validUntil", Refused(() => Reward.Publish(PartnerId, Terms(from: Now, until: Now.AddHours(-1)), [Community], Guid.NewGuid(), Now)).Field);
        Assert.Equal("validUntil", Refused(() => Reward.Publish(PartnerId, Terms(from: Now.AddDays(-5), until: Now.AddDays(-1)), [Community], Guid.NewGuid(), Now)).Field);
        Assert.Equal("communityIds", Refused(() => Reward.Publish(PartnerId, Terms(), [], Guid.NewGuid(), Now)).Field);
        var twice = Reward.Publish(PartnerId, Terms(), [Community, Community], Guid.NewGuid(), Now);
        Assert.Single(twice.Communities);
    }

    [Fact]
    public void A_redemption_snapshots_title_and_cost_and_gets_a_code_expiring_after_the_lifetime()
    {
        var reward = NewReward(cost: 30);
        var member = Guid.NewGuid();
        var redemption = reward.Redeem(member, Community, 0, Request(reward.Id), TimeSpan.FromDays(7), Now);
        Assert.Equal((RedemptionStatus.Pending, 30, "环保购物袋", Now.AddDays(7), reward.PartnerId, member),
            (redemption.Status, redemption.PointsCost, redemption.RewardTitle, redemption.ExpiresAt, redemption.PartnerId, redemption.MemberId));
        Assert.Equal(RedemptionCode.Length, redemption.Code.Length);
    }

    [Fact]
    public void Redeeming_is_refused_outside_the_offer_the_window_or_the_stock()
    {
        var reward = NewReward(stock: 1);
        Assert.Equal("reward.notAvailable", Refused(() => reward.Redeem(Guid.NewGuid(), Guid.NewGuid(), 0, Request(reward.Id), TimeSpan.FromDays(7), Now)).Code);
        Assert.Equal("reward.notAvailable", Refused(() => reward.Redeem(Guid.NewGuid(), Community, 0, Request(reward.Id), TimeSpan.FromDays(7), Now.AddDays(31))).Code);
        var later = NewReward(from: Now.AddDays(2));
        Assert.Equal("reward.notAvailable", Refused(() => later.Redeem(Guid.NewGuid(), Community, 0, Request(later.Id), TimeSpan.FromDays(7), Now)).Code);
        var empty = NewReward(stock: 0);
        Assert.Equal("reward.outOfStock", Refused(() => empty.Redeem(Guid.NewGuid(), Community, 0, Request(empty.Id), TimeSpan.FromDays(7), Now)).Code);
    }

    [Fact]
    public void The_per_member_limit_counts_live_redemptions()
    {
        var reward = NewReward(limit: 2);
        reward.Redeem(Guid.NewGuid(), Community, 1, Request(reward.Id), TimeSpan.FromDays(7), Now);
        var e = Refused(() => reward.Redeem(Guid.NewGuid(), Community, 2, Request(reward.Id), TimeSpan.FromDays(7), Now));
        Assert.Equal((ErrorKind.Conflict, "reward.limitReached"), (e.Kind, e.Code));
    }

    [Fact]
    public void Paused_and_ended_rewards_cannot_be_redeemed_and_ended_ones_cannot_change()
    {
        var reward = NewReward();
        reward.Pause(Now);
        Assert.Equal("reward.alreadyPaused", Refused(() => reward.Pause(Now)).Code);
        Assert.False(reward.IsAvailable(Now));
        Assert.Equal("reward.notAvailable", Refused(() => reward.EnsureRedeemableIn(Community, Now)).Code);
        reward.Resume(Now);
        Assert.Equal("reward.notPaused", Refused(() => reward.Resume(Now)).Code);
        Assert.True(reward.IsAvailable(Now));

        reward.End(Now);
        Assert.Equal(RewardStatus.Ended, reward.Status);
        Assert.Equal("reward.ended", Refused(() => reward.ChangeStock(3, Now)).Code);
        Assert.Equal("reward.ended", Refused(() => reward.Resume(Now)).Code);
        Assert.Equal("reward.ended", Refused(() => reward.End(Now)).Code);
    }

    [Fact]
    public void Stock_can_be_set_within_range()
    {
        var reward = NewReward(stock: 5);
        reward.ChangeStock(0, Now);
        Assert.Equal(0, reward.Stock);
        Assert.Equal("stock", Refused(() => reward.ChangeStock(-1, Now)).Field);
    }
}
