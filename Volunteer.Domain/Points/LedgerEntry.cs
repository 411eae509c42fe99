using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;

namespace Volunteer.Domain.Points;

public enum LedgerEntryKind
{
    /// <summary>积分获得: a verified service.</summary>
    Earn,
    /// <summary>人工调整: staff correction with a reason.</summary>
    Adjust,
    /// <summary>积分兑换</summary>
    Redeem,
    /// <summary>兑换退回</summary>
    Refund,
    /// <summary>表彰奖励</summary>
    Bonus,
}

/// <summary>
/// One change of a member's points (and service time). Append-only: never updated or deleted;
/// a correction is a new entry. (Kind, SourceId) is unique, so one source earns once.
/// </summary>
public sealed class LedgerEntry
{
    public const int MaxAdjustment = 100_000;

    private LedgerEntry() { }

    public Guid Id { get; private set; }
    public Guid MemberId { get; private set; }
    public LedgerEntryKind Kind { get; private set; }
    /// <summary>Points added (positive) or taken (negative).</summary>
    public int Amount { get; private set; }
    /// <summary>Service minutes recorded by this entry; never negative, hours only grow.</summary>
    public int Minutes { get; private set; }
    /// <summary>What caused the entry: the claim, redemption, honour, or the adjustment itself.</summary>
    public Guid SourceId { get; private set; }
    public string Reason { get; private set; } = "";
    /// <summary>Staff account or member who caused the entry; null for scheduled jobs.</summary>
    public Guid? ActorId { get; private set; }
    /// <summary>The community where the points count (where the service was done).</summary>
    public Guid? CommunityId { get; private set; }
    public Guid? GridId { get; private set; }
    /// <summary>yyyymm in China Standard Time.</summary>
    public int Period { get; private set; }
    public int BalanceAfter { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>Position in the member's ledger, 1, 2, 3…: commit order, assigned under the account lock.</summary>
    public long Sequence { get; private set; }
    /// <summary>SHA-256 (hex) of this entry's canonical form, see <see cref="LedgerChain"/>.</summary>
    public string Hash { get; private set; } = "";
    /// <summary>The hash of the member's previous entry; <see cref="LedgerChain.Genesis"/> for the first.</summary>
    public string PreviousHash { get; private set; } = "";

    /// <summary>Whether the entry counts in monthly rankings (points earned by service, and corrections of them).</summary>
    public bool CountsForRanking => Kind is LedgerEntryKind.Earn or LedgerEntryKind.Adjust;

    public static LedgerEntry ForVerifiedService(Claim claim, ServiceTask task, Guid? gridId, DateTimeOffset now)
    {
        if (claim.Status != ClaimStatus.Verified || claim.MemberId is not { } memberId)
            throw new InvalidOperationException("Only a member's verified claim earns points.");
        return Create(memberId, LedgerEntryKind.Earn, claim.PointsAwarded, claim.ServiceMinutes, claim.Id,
            $"完成任务：{task.Title}", claim.ReviewedByAccountId, task.CommunityId, gridId, now);
    }

    public static LedgerEntry ForAdjustment(Guid memberId, int amount, string reason, Guid actorId,
        Guid? communityId, Guid? gridId, DateTimeOffset now)
    {
        if (amount == 0 || Math.Abs(amount) > MaxAdjustment)
            throw DomainException.Invalid("amount", $"调整积分不能为 0，绝对值不超过 {MaxAdjustment}。");
        var text = Guard.Text(reason, "reason", "调整原因", 200);
        var id = Ids.NewV7(now);
        var entry = Create(memberId, LedgerEntryKind.Adjust, amount, 0, id, text, actorId, communityId, gridId, now);
        entry.Id = id;
        return entry;
    }

    /// <summary>For entries of other features (redemption, refund, bonus).</summary>
    public static LedgerEntry Create(Guid memberId, LedgerEntryKind kind, int amount, int minutes, Guid sourceId,
        string reason, Guid? actorId, Guid? communityId, Guid? gridId, DateTimeOffset now)
    {
        if (minutes < 0)
            throw new ArgumentOutOfRangeException(nameof(minutes), "Service time never decreases.");
        var signOk = kind switch
        {
            LedgerEntryKind.Earn or LedgerEntryKind.Refund or LedgerEntryKind.Bonus => amount >= 0,
            LedgerEntryKind.Redeem => amount < 0,
            _ => true,
        };
        if (!signOk)
            throw new ArgumentOutOfRangeException(nameof(amount), $"A {kind} entry cannot have amount {amount}.");
        return new LedgerEntry
        {
            Id = Ids.NewV7(now),
            MemberId = memberId,
            Kind = kind,
            Amount = amount,
            Minutes = minutes,
            SourceId = sourceId,
            Reason = reason,
            ActorId = actorId,
            CommunityId = communityId,
            GridId = gridId,
            Period = Common.Period.Of(now).Key,
            CreatedAt = now,
        };
    }

    /// <summary>Set once, by the ledger, from the balance it just updated atomically.</summary>
    public void StampBalanceAfter(int balanceAfter)
    {
        if (balanceAfter < 0)
            throw new InvalidOperationException("A balance never goes negative.");
        BalanceAfter = balanceAfter;
    }

    /// <summary>
    /// Set once, by the ledger, under the account lock: the entry's place in the member's chain and
    /// its hash. Comes after <see cref="StampBalanceAfter"/>, since the balance is part of the hash.
    /// </summary>
    public void Seal(long sequence, string previousHash)
    {
        if (Hash.Length > 0)
            throw new InvalidOperationException("A ledger entry is sealed once.");
        if (sequence < 1)
            throw new ArgumentOutOfRangeException(nameof(sequence), "Sequences start at 1.");
        if (previousHash.Length != 64)
            throw new ArgumentException("A previous hash is 64 hex digits.", nameof(previousHash));
        Sequence = sequence;
        PreviousHash = previousHash;
        Hash = LedgerChain.HashOf(this, previousHash);
    }
}
