using Volunteer.Domain.Common;

namespace Volunteer.Domain.Rewards;

public enum RewardStatus
{
    /// <summary>上架: redeemable within its validity while in stock.</summary>
    Active,
    /// <summary>暂停: temporarily not redeemable; can be resumed.</summary>
    Paused,
    /// <summary>已下架: ended for good.</summary>
    Ended,
}

/// <summary>What partner staff set when publishing a reward.</summary>
public sealed record RewardTerms(
    string Title,
    string? Description,
    int PointsCost,
    int Stock,
    int PerMemberLimit,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidUntil);

/// <summary>
/// 兑换奖品: something a partner organisation offers for points in the communities it serves.
/// <see cref="Stock"/> is what can still be redeemed; the database moves it with conditional
/// updates, so simultaneous redemptions never take more than there is.
/// </summary>
public sealed class Reward
{
    public const int MaxPointsCost = 100_000;
    public const int MaxStock = 100_000;
    public const int MaxPerMemberLimit = 100;
    public const int MaxCommunities = 50;
    public static readonly TimeSpan MaxValidity = TimeSpan.FromDays(366 * 2);

    private readonly List<RewardCommunity> _communities = [];

    private Reward() { }

    public Guid Id { get; private set; }
    public Guid PartnerId { get; private set; }
    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    public int PointsCost { get; private set; }
    public int Stock { get; private set; }
    public int PerMemberLimit { get; private set; }
    public DateTimeOffset ValidFrom { get; private set; }
    public DateTimeOffset ValidUntil { get; private set; }
    public RewardStatus Status { get; private set; }
    public Guid CreatedByAccountId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }
    public int Version { get; private set; }

    /// <summary>The communities whose residents may redeem it.</summary>
    public IReadOnlyCollection<RewardCommunity> Communities => _communities;

    public bool IsOfferedIn(Guid communityId) => _communities.Any(c => c.CommunityId == communityId);

    /// <param name="communityIds">Communities the partner serves; the caller checks the agreements.</param>
    public static Reward Publish(Guid partnerId, RewardTerms terms, IReadOnlyCollection<Guid> communityIds, Guid staffAccountId, DateTimeOffset now)
    {
        var validFrom = CalendarRange.Instant(terms.ValidFrom, "validFrom");
        var validUntil = CalendarRange.Instant(terms.ValidUntil, "validUntil");
        if (validUntil <= validFrom)
            throw DomainException.Invalid("validUntil", "有效期结束时间必须晚于开始时间。");
        if (validUntil <= now)
            throw DomainException.Invalid("validUntil", "有效期结束时间必须晚于当前时间。");
        if (validUntil - validFrom > MaxValidity)
            throw DomainException.Invalid("validUntil", "有效期不能超过两年。");
        var distinct = communityIds.Distinct().ToList();
        if (distinct.Count == 0)
            throw DomainException.Invalid("communityIds", "请至少选择一个提供兑换的社区。");
        if (distinct.Count > MaxCommunities)
            throw DomainException.Invalid("communityIds", $"提供兑换的社区不能超过 {MaxCommunities} 个。");

        var reward = new Reward
        {
            Id = Ids.NewV7(now),
            PartnerId = partnerId,
            Title = Guard.Text(terms.Title, "title", "奖品名称", 100),
            Description = Guard.OptionalText(terms.Description, "description", "奖品说明", 1000),
            PointsCost = Guard.Range(terms.PointsCost, 1, MaxPointsCost, "pointsCost", "兑换所需积分"),
            Stock = Guard.Range(terms.Stock, 0, MaxStock, "stock", "库存"),
            PerMemberLimit = Guard.Range(terms.PerMemberLimit, 1, MaxPerMemberLimit, "perMemberLimit", "每人限兑数量"),
            ValidFrom = validFrom,
            ValidUntil = validUntil,
            Status = RewardStatus.Active,
            CreatedByAccountId = staffAccountId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        reward._communities.AddRange(distinct.Select(c => new RewardCommunity(reward.Id, c)));
        return reward;
    }

    /// <summary>Sets how many can still be redeemed. Redemptions already made are not touched.</summary>
    public void ChangeStock(int stock, DateTimeOffset now)
    {
        EnsureNotEnded();
        Stock = Guard.Range(stock, 0, MaxStock, "stock", "库存");
        UpdatedAt = now;
    }

    public void Pause(DateTimeOffset now)
    {
        EnsureNotEnded();
        if (Status == RewardStatus.Paused)
            throw DomainException.Conflict("reward.alreadyPaused", "该奖品已暂停兑换。");
        Status = RewardStatus.Paused;
        UpdatedAt = now;
    }

    public void Resume(DateTimeOffset now)
    {
        EnsureNotEnded();
        if (Status == RewardStatus.Active)
            throw DomainException.Conflict("reward.notPaused", "该奖品正在兑换中，无需恢复。");
        Status = RewardStatus.Active;
        UpdatedAt = now;
    }

    /// <summary>下架 for good. Pending redemptions can still be fulfilled or cancelled.</summary>
    public void End(DateTimeOffset now)
    {
        EnsureNotEnded();
        Status = RewardStatus.Ended;
        EndedAt = now;
        UpdatedAt = now;
    }

    /// <summary>
    /// One item can be taken now: active, within its validity window and in stock. <see cref="Redeem"/> checks it in
    /// memory; the redemption's conditional UPDATE (<c>RewardStock.TryTakeAsync</c>) re-checks it in the database.
    /// </summary>
    public static readonly ConditionAt<Reward> StockTakeable =
        new((r, now) => r.Status == RewardStatus.Active && r.Stock > 0 && r.ValidFrom <= now && r.ValidUntil > now);

    /// <summary>Active and within its validity window (stock aside).</summary>
    public bool IsAvailable(DateTimeOffset now) => Status == RewardStatus.Active && ValidFrom <= now && now < ValidUntil;

    /// <summary>
    /// Checks that a resident of <paramref name="communityId"/> may redeem it now and issues the
    /// redemption. The caller persists it in one transaction with the points debit, the per-member
    /// count and the stock, each re-checked atomically by the database.
    /// </summary>
    public Redemption Redeem(Guid memberId, Guid communityId, int liveRedemptionsOfMember, RedemptionRequest request,
        TimeSpan codeLifetime, DateTimeOffset now)
    {
        EnsureRedeemableIn(communityId, now);
        if (!StockTakeable.IsMetBy(this, now))
            throw OutOfStock();
        EnsureWithinLimit(liveRedemptionsOfMember);
        return Redemption.Issue(this, memberId, communityId, request, codeLifetime, now);
    }

    public void EnsureRedeemableIn(Guid communityId, DateTimeOffset now)
    {
        if (!IsOfferedIn(communityId))
            throw NotAvailable("该奖品不在您所在的社区提供兑换。");
        switch (Status)
        {
            case RewardStatus.Paused:
                throw NotAvailable("该奖品已暂停兑换。");
            case RewardStatus.Ended:
                throw NotAvailable("该奖品已下架。");
        }
        if (now < ValidFrom)
            throw NotAvailable($"该奖品尚未开始兑换，开始时间：{ChinaTime.ToChina(ValidFrom):yyyy-MM-dd HH:mm}。");
        if (now >= ValidUntil)
            throw NotAvailable("该奖品已过兑换有效期。");
    }

    /// <summary>The member already holds <paramref name="liveRedemptions"/> pending or fulfilled redemptions of it.</summary>
    public void EnsureWithinLimit(int liveRedemptions)
    {
        if (liveRedemptions >= PerMemberLimit)
            throw DomainException.Conflict("reward.limitReached", $"该奖品每人限兑 {PerMemberLimit} 份，您已达到上限。");
    }

    public static DomainException OutOfStock() => DomainException.Conflict("reward.outOfStock", "该奖品已兑完，库存不足。");

    public static DomainException NotAvailable(string message) => DomainException.Conflict("reward.notAvailable", message);

    private void EnsureNotEnded()
    {
        if (Status == RewardStatus.Ended)
            throw DomainException.Conflict("reward.ended", "该奖品已下架，不能再修改。");
    }
}

/// <summary>One community in which a reward is offered.</summary>
public sealed class RewardCommunity(Guid rewardId, Guid communityId)
{
    public Guid RewardId { get; private set; } = rewardId;
    public Guid CommunityId { get; private set; } = communityId;
}
