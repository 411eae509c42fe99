using Volunteer.Api.Http;
using Volunteer.Api.Partners;
using Volunteer.Domain.Partners;
using Volunteer.Domain.Rewards;

namespace Volunteer.Api.Rewards;

/// <summary>A reward to publish (发布兑换奖品).</summary>
/// <param name="Title">奖品名称，最多 100 字。</param>
/// <param name="Description">说明（领取方式、规格等），最多 1000 字。</param>
/// <param name="PointsCost">兑换所需积分，1–100000。</param>
/// <param name="Stock">库存（可兑换份数），0–100000。</param>
/// <param name="PerMemberLimit">每人限兑份数（未取消、未过期的兑换），1–100。</param>
/// <param name="ValidFrom">开始兑换时间（ISO 8601，带时区）。</param>
/// <param name="ValidUntil">截止兑换时间，须晚于开始时间与当前时间，有效期不超过两年。</param>
/// <param name="CommunityIds">提供兑换的社区，须为本单位签有有效共建协议的社区。</param>
public sealed record PublishRewardRequest(
    string? Title,
    string? Description,
    int? PointsCost,
    int? Stock,
    int? PerMemberLimit,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidUntil,
    IReadOnlyList<Guid>? CommunityIds) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(Title, "title", "奖品名称"),
        Require.Present(PointsCost, "pointsCost", "兑换所需积分"),
        Require.Present(Stock, "stock", "库存"),
        Require.Present(PerMemberLimit, "perMemberLimit", "每人限兑数量"),
        Require.Present(ValidFrom, "validFrom", "开始兑换时间"),
        Require.Present(ValidUntil, "validUntil", "截止兑换时间"),
        CommunityIds is null or { Count: 0 } ? new FieldError("communityIds", "提供兑换的社区为必填项。") : null);

    public RewardTerms ToTerms() => new(Title!, Description, PointsCost!.Value, Stock!.Value, PerMemberLimit!.Value,
        ValidFrom!.Value, ValidUntil!.Value);
}

/// <param name="Stock">新的库存（可兑换份数），0–100000；不影响已兑换的记录。</param>
public sealed record ChangeStockRequest(int? Stock) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Stock, "stock", "库存"));
}

/// <param name="Note">给商家的备注（如尺码、预约时间），最多 200 字；可省略整个请求体。</param>
public sealed record RedeemRequest(string? Note);

/// <param name="Code">兑换码（10 位，可含空格或连字符，不区分大小写）或二维码内容。</param>
public sealed record FulfilRequest(string? Code) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Code, "code", "兑换码"));
}

/// <summary>The partner behind a reward, with the badges residents look for.</summary>
/// <param name="Kind">unit 共建单位、merchant 商家、supermarket 积分超市。</param>
public sealed record RewardPartnerResponse(Guid Id, string Name, PartnerKind Kind, string? Address, string? Contact,
    IReadOnlyList<BadgeResponse> Badges)
{
    public static RewardPartnerResponse Of(Partner p) => new(p.Id, p.Name, p.Kind, p.Address, p.Contact, BadgeResponse.Of(p));
}

/// <summary>A reward.</summary>
/// <param name="Stock">剩余可兑换份数。</param>
/// <param name="Status">active 兑换中、paused 已暂停、ended 已下架。</param>
/// <param name="RedeemableNow">当前是否可兑换：兑换中、在有效期内且有库存。</param>
/// <param name="MyRemaining">居民本人还可兑换的份数（仅居民）。</param>
public sealed record RewardResponse(
    Guid Id,
    string Title,
    string? Description,
    int PointsCost,
    int Stock,
    int PerMemberLimit,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidUntil,
    RewardStatus Status,
    bool RedeemableNow,
    IReadOnlyList<Guid> CommunityIds,
    RewardPartnerResponse Partner,
    int? MyRemaining,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A redemption (兑换记录).</summary>
/// <param name="Code">兑换码（也是二维码内容），仅兑换人本人可见；其他人为 null。</param>
/// <param name="CodeHint">兑换码末 4 位，便于商家核对。</param>
/// <param name="Status">pending 待核销、fulfilled 已核销、cancelled 已取消、expired 已过期。</param>
/// <param name="PointsCost">兑换时扣减的积分。</param>
/// <param name="MemberName">兑换人：本人可见全名，商家看到脱敏姓名。</param>
/// <param name="ExpiresAt">兑换码过期时间；过期未核销自动退回积分。</param>
/// <param name="ClosedAt">取消或过期的时间。</param>
public sealed record RedemptionResponse(
    Guid Id,
    string? Code,
    string CodeHint,
    RedemptionStatus Status,
    DateTimeOffset ExpiresAt,
    Guid RewardId,
    string RewardTitle,
    Guid PartnerId,
    string PartnerName,
    int PointsCost,
    string? Note,
    string MemberName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FulfilledAt,
    DateTimeOffset? ClosedAt);

/// <param name="Period">结算月份（yyyy-MM，北京时间）。</param>
/// <param name="Lines">按奖品汇总：当月核销份数与积分。</param>
public sealed record SettlementResponse(Guid PartnerId, string PartnerName, string Period, IReadOnlyList<SettlementLineResponse> Lines,
    int TotalCount, int TotalPoints);

/// <param name="PointsCost">单份积分。</param>
/// <param name="Count">当月核销份数。</param>
/// <param name="Points">积分合计。</param>
public sealed record SettlementLineResponse(Guid RewardId, string RewardTitle, int PointsCost, int Count, int Points);
