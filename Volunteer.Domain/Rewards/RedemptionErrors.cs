using Volunteer.Domain.Common;

namespace Volunteer.Domain.Rewards;

/// <summary>The redemptions' refusals: each code with its one message.</summary>
public static class RedemptionErrors
{
    public static DomainException NotFound() => DomainException.NotFound("redemption.notFound", "兑换记录不存在，请核对兑换码。");
}
