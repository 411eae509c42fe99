using Volunteer.Domain.Common;
using Volunteer.Domain.Rewards;
using static Volunteer.Tests.Domain.RewardRulesTests;

namespace Volunteer.Tests.Domain;

public sealed class RedemptionRulesTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private static (Redemption Redemption, Guid Member) Pending()
    {
        var reward = NewReward();
        var member = Guid.NewGuid();
        return (reward.Redeem(member, Community, 0, Request(reward.Id), Lifetime, Now), member);
    }

    private static DomainException Refused(Action action) => Assert.Throws<DomainException>(action);

    [Fact]
    public void Staff_of_the_partner_fulfil_a_pending_code_once()
    {
        var (redemption, _) = Pending();
        var staff = Guid.NewGuid();
        redemption.Fulfil(PartnerId, staff, Now.AddHours(1));
        Assert.Equal((RedemptionStatus.Fulfilled, staff, Now.AddHours(1)), (redemption.Status, redemption.FulfilledByAccountId, redemption.FulfilledAt));
        Assert.Equal("redemption.alreadyFulfilled", Refused(() => redemption.Fulfil(PartnerId, staff, Now.AddHours(2))).Code);
        Assert.Equal("redemption.alreadyFulfilled", Refused(() => redemption.Cancel(redemption.MemberId, Now.AddHours(2))).Code);
    }

    [Fact]
    public void Another_partner_cannot_fulfil_the_code()
    {
        var (redemption, _) = Pending();
        var e = Refused(() => redemption.Fulfil(Guid.NewGuid(), Guid.NewGuid(), Now));
        Assert.Equal((ErrorKind.Forbidden, "redemption.otherPartner"), (e.Kind, e.Code));
        Assert.Equal(RedemptionStatus.Pending, redemption.Status);
    }

    [Fact]
    public void Only_the_member_cancels_and_only_once()
    {
        var (redemption, member) = Pending();
        Assert.Equal("redemption.notOwner", Refused(() => redemption.Cancel(Guid.NewGuid(), Now)).Code);
        redemption.Cancel(member, Now.AddMinutes(5));
        Assert.Equal((RedemptionStatus.Cancelled, Now.AddMinutes(5)), (redemption.Status, redemption.ClosedAt));
        Assert.Equal("redemption.cancelled", Refused(() => redemption.Cancel(member, Now)).Code);
        Assert.Equal("redemption.cancelled", Refused(() => redemption.Fulfil(PartnerId, Guid.NewGuid(), Now)).Code);
        Assert.False(redemption.ExpireIfDue(Now.AddDays(30)));
    }

    [Fact]
    public void Past_its_time_a_code_is_refused_even_before_it_is_marked_expired()
    {
        var (redemption, member) = Pending();
        var late = Now + Lifetime;
        Assert.True(redemption.IsExpiredBy(late));
        Assert.Equal("redemption.expired", Refused(() => redemption.Fulfil(PartnerId, Guid.NewGuid(), late)).Code);
        Assert.Equal("redemption.expired", Refused(() => redemption.Cancel(member, late)).Code);
        Assert.Equal(RedemptionStatus.Pending, redemption.Status);
    }

    [Fact]
    public void Expiry_happens_once_and_only_when_due()
    {
        var (redemption, _) = Pending();
        Assert.False(redemption.ExpireIfDue(Now + Lifetime - TimeSpan.FromSeconds(1)));
        Assert.True(redemption.ExpireIfDue(Now + Lifetime));
        Assert.Equal(RedemptionStatus.Expired, redemption.Status);
        Assert.False(redemption.ExpireIfDue(Now + Lifetime + TimeSpan.FromDays(1)));
    }

    [Fact]
    public void Codes_are_ten_unambiguous_characters_and_differ()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => RedemptionCode.New()).ToList();
        Assert.All(codes, c => Assert.True(c.Length == 10 && c.All(RedemptionCode.Alphabet.Contains)));
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.DoesNotContain(RedemptionCode.Alphabet, c => c is '0' or 'O' or '1' or 'I');
    }

    [Theory]
    [InlineData("abcde-fghjk", "ABCDEFGHJK")]
    [InlineData(" ABCDE FGHJK ", "ABCDEFGHJK")]
    public void Typed_codes_are_normalised(string typed, string expected) => Assert.Equal(expected, RedemptionCode.Normalize(typed));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ABCDEFGHJ")]
    [InlineData("ABCDEFGHJKL")]
    [InlineData("ABCDEFGHJ0")]
    [InlineData("ABCDEFGHJ!")]
    public void Malformed_codes_are_a_validation_error(string? typed)
    {
        var e = Refused(() => RedemptionCode.Normalize(typed));
        Assert.Equal((ErrorKind.Validation, "redemption.badCode", "code"), (e.Kind, e.Code, e.Field));
    }

    [Fact]
    public void The_idempotency_key_is_required_and_bounded()
    {
        Assert.Equal("idempotency.keyRequired", Refused(() => RedemptionRequest.Of(null, Guid.NewGuid(), null)).Code);
        Assert.Equal("idempotency.keyRequired", Refused(() => RedemptionRequest.Of("  ", Guid.NewGuid(), null)).Code);
        Assert.Equal("idempotency.keyInvalid", Refused(() => RedemptionRequest.Of(new string('k', 65), Guid.NewGuid(), null)).Code);
        Assert.Equal("idempotency.keyInvalid", Refused(() => RedemptionRequest.Of("键", Guid.NewGuid(), null)).Code);
    }

    [Fact]
    public void The_same_key_with_another_body_or_reward_is_a_mismatch()
    {
        var reward = Guid.NewGuid();
        var first = RedemptionRequest.Of("k-1", reward, "周六上午");
        Assert.Equal(first.Fingerprint, RedemptionRequest.Of("k-1", reward, " 周六上午 ").Fingerprint);
        Assert.NotEqual(first.Fingerprint, RedemptionRequest.Of("k-1", reward, "周日").Fingerprint);
        Assert.NotEqual(first.Fingerprint, RedemptionRequest.Of("k-1", Guid.NewGuid(), "周六上午").Fingerprint);

        var (redemption, _) = Pending();
        var e = Refused(() => redemption.EnsureSameRequest(RedemptionRequest.Of(redemption.IdempotencyKey, redemption.RewardId, "别的")));
        Assert.Equal((ErrorKind.Unprocessable, "idempotency.mismatch"), (e.Kind, e.Code));
    }
}
