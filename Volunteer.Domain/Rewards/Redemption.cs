using System.Security.Cryptography;
using System.Text;
using Volunteer.Domain.Common;

namespace Volunteer.Domain.Rewards;

public enum RedemptionStatus
{
    /// <summary>待核销: points debited, code issued, waiting at the partner's counter.</summary>
    Pending,
    /// <summary>已核销: the partner handed the reward over.</summary>
    Fulfilled,
    /// <summary>已取消: the resident cancelled; points and stock returned.</summary>
    Cancelled,
    /// <summary>已过期: not fulfilled in time; points and stock returned.</summary>
    Expired,
}

/// <summary>
/// What the resident sent, for idempotency: the client's key and a fingerprint of the request, so
/// a retry with the same key and body gets the first result and a different body is refused.
/// </summary>
public sealed record RedemptionRequest(string IdempotencyKey, string Fingerprint, string? Note)
{
    public const int MaxKeyLength = 64;
    public const int MaxNoteLength = 200;

    public static RedemptionRequest Of(string? idempotencyKey, Guid rewardId, string? note)
    {
        var key = idempotencyKey?.Trim();
        if (string.IsNullOrEmpty(key))
            throw new DomainException(ErrorKind.Validation, "idempotency.keyRequired",
                "请在请求头 Idempotency-Key 中提供本次兑换的唯一标识（如 UUID），以免重复提交时重复扣分。", "Idempotency-Key");
        if (key.Length > MaxKeyLength || !key.All(c => c is > ' ' and <= '~'))
            throw new DomainException(ErrorKind.Validation, "idempotency.keyInvalid",
                $"Idempotency-Key 须为 1–{MaxKeyLength} 个可见 ASCII 字符。", "Idempotency-Key");
        var text = Guard.OptionalText(note, "note", "兑换备注", MaxNoteLength);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{rewardId:N}\n{text}"));
        return new RedemptionRequest(key, Convert.ToHexStringLower(hash), text);
    }
}

/// <summary>
/// 积分兑换: a resident's redemption of one reward, from the points debit through the code shown at
/// the partner's counter to fulfilment (核销), cancellation or expiry. Points and stock come back
/// once, on cancellation or expiry; <see cref="Version"/> makes every transition happen once.
/// </summary>
public sealed class Redemption
{
    private Redemption() { }

    public Guid Id { get; private set; }
    public Guid RewardId { get; private set; }
    public Guid PartnerId { get; private set; }
    public Guid MemberId { get; private set; }
    /// <summary>The member's community when redeeming, where the reward was offered.</summary>
    public Guid CommunityId { get; private set; }
    /// <summary>Title and cost as they were when redeemed: later changes to the reward never touch it.</summary>
    public string RewardTitle { get; private set; } = "";
    public int PointsCost { get; private set; }
    public string Code { get; private set; } = "";
    public string? Note { get; private set; }
    public RedemptionStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? FulfilledAt { get; private set; }
    public Guid? FulfilledByAccountId { get; private set; }
    /// <summary>When it was cancelled or expired.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }
    public string IdempotencyKey { get; private set; } = "";
    public string RequestFingerprint { get; private set; } = "";
    public int Version { get; private set; }

    /// <summary>Statuses that count towards the per-member limit.</summary>
    public static readonly IReadOnlyList<RedemptionStatus> Live = [RedemptionStatus.Pending, RedemptionStatus.Fulfilled];

    public bool IsExpiredBy(DateTimeOffset now) => Status == RedemptionStatus.Pending && now >= ExpiresAt;

    internal static Redemption Issue(Reward reward, Guid memberId, Guid communityId, RedemptionRequest request,
        TimeSpan codeLifetime, DateTimeOffset now)
    {
        if (codeLifetime <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(codeLifetime));
        return new Redemption
        {
            Id = Ids.NewV7(now),
            RewardId = reward.Id,
            PartnerId = reward.PartnerId,
            MemberId = memberId,
            CommunityId = communityId,
            RewardTitle = reward.Title,
            PointsCost = reward.PointsCost,
            Code = RedemptionCode.New(),
            Note = request.Note,
            Status = RedemptionStatus.Pending,
            CreatedAt = now,
            ExpiresAt = now + codeLifetime,
            IdempotencyKey = request.IdempotencyKey,
            RequestFingerprint = request.Fingerprint,
        };
    }

    /// <summary>A retry of the request that created this redemption, or a different request under the same key.</summary>
    public void EnsureSameRequest(RedemptionRequest request)
    {
        if (request.Fingerprint != RequestFingerprint)
            throw new DomainException(ErrorKind.Unprocessable, "idempotency.mismatch",
                "该 Idempotency-Key 已用于另一笔不同的兑换请求，请为新的兑换使用新的 Idempotency-Key。");
    }

    /// <summary>核销: staff of the reward's partner hand the reward over.</summary>
    public void Fulfil(Guid partnerId, Guid staffAccountId, DateTimeOffset now)
    {
        if (partnerId != PartnerId)
            throw DomainException.Forbidden("redemption.otherPartner", "该兑换码不属于本单位的奖品，请核对兑换商家。");
        EnsurePending(now);
        Status = RedemptionStatus.Fulfilled;
        FulfilledAt = now;
        FulfilledByAccountId = staffAccountId;
    }

    /// <summary>The resident gives the redemption up before it is fulfilled; the caller refunds.</summary>
    public void Cancel(Guid memberId, DateTimeOffset now)
    {
        if (memberId != MemberId)
            throw DomainException.Forbidden("redemption.notOwner", "只能取消本人的兑换。");
        EnsurePending(now);
        Status = RedemptionStatus.Cancelled;
        ClosedAt = now;
    }

    /// <summary>Expires an unfulfilled redemption whose time is up; false when there is nothing to do.</summary>
    public bool ExpireIfDue(DateTimeOffset now)
    {
        if (!IsExpiredBy(now))
            return false;
        Status = RedemptionStatus.Expired;
        ClosedAt = now;
        return true;
    }

    private void EnsurePending(DateTimeOffset now)
    {
        switch (Status)
        {
            case RedemptionStatus.Fulfilled:
                throw DomainException.Conflict("redemption.alreadyFulfilled",
                    $"该兑换码已于 {ChinaTime.ToChina(FulfilledAt!.Value):yyyy-MM-dd HH:mm} 核销，不能重复使用。");
            case RedemptionStatus.Cancelled:
                throw DomainException.Conflict("redemption.cancelled", "该兑换已被居民取消，兑换码已失效。");
            case RedemptionStatus.Expired:
                throw Expired();
        }
        if (now >= ExpiresAt)
            throw Expired();
    }

    private DomainException Expired() => DomainException.Conflict("redemption.expired",
        $"该兑换码已于 {ChinaTime.ToChina(ExpiresAt):yyyy-MM-dd HH:mm} 过期，积分已（或将自动）退回。");
}

/// <summary>
/// Redemption codes: 10 characters from an alphabet without look-alikes (no 0/O, 1/I), drawn by a
/// cryptographic generator: 32^10 ≈ 10^15 possibilities, short enough to read out, unguessable.
/// The same text is the QR payload.
/// </summary>
public static class RedemptionCode
{
    public const int Length = 10;
    public const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    public static string New() => new(RandomNumberGenerator.GetItems<char>(Alphabet, Length));

    /// <summary>Accepts what people type: lower case, spaces and hyphens (ABCDE-FGHJK). Throws 400 when malformed.</summary>
    public static string Normalize(string? input)
    {
        var code = new string((input ?? "").Where(c => c is not (' ' or '-')).ToArray()).ToUpperInvariant();
        if (code.Length != Length || !code.All(c => Alphabet.Contains(c)))
            throw new DomainException(ErrorKind.Validation, "redemption.badCode",
                $"兑换码格式不正确：应为 {Length} 位字母或数字（不含 0、O、1、I）。", "code");
        return code;
    }
}
