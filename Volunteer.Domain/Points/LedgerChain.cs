using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Volunteer.Domain.Points;

/// <summary>
/// The hash chain of a points account (防篡改台账). Each entry's hash is SHA-256 over its canonical
/// form, which ends with the previous entry's hash, so changing, removing or reordering any entry
/// changes every hash after it. The canonical form is documented in the README so that anyone can
/// recompute a chain from the ledger the API returns:
/// <c>v1|id|memberId|kind|amount|balanceAfter|sourceId|actorId|createdAtUnixMs|previousHash</c>.
/// </summary>
public static class LedgerChain
{
    /// <summary>The previous hash of an account's first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Canonical(Guid id, Guid memberId, LedgerEntryKind kind, int amount, int balanceAfter, Guid sourceId,
        Guid? actorId, DateTimeOffset createdAt, string previousHash) =>
        string.Join('|',
            "v1",
            id.ToString("D"),
            memberId.ToString("D"),
            KindName(kind),
            amount.ToString(CultureInfo.InvariantCulture),
            balanceAfter.ToString(CultureInfo.InvariantCulture),
            sourceId.ToString("D"),
            actorId?.ToString("D") ?? "",
            createdAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            previousHash);

    /// <summary>The kind as the API shows it: <c>earn</c>, <c>adjust</c>, <c>redeem</c>, <c>refund</c>, <c>bonus</c>.</summary>
    public static string KindName(LedgerEntryKind kind) => kind.ToString().ToLowerInvariant();

    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string HashOf(LedgerEntry e, string previousHash) =>
        Sha256Hex(Canonical(e.Id, e.MemberId, e.Kind, e.Amount, e.BalanceAfter, e.SourceId, e.ActorId, e.CreatedAt, previousHash));

    /// <summary>
    /// A month's ledger root (月度台账根): SHA-256 over the heads of all accounts at the month's end,
    /// one line <c>memberId|sequence|hash\n</c> per account, ordered by member id. Kept once per month,
    /// it makes rewriting a closed month detectable even by someone who recomputes every hash.
    /// </summary>
    public static string Root(IEnumerable<ChainHead> heads)
    {
        var text = new StringBuilder();
        foreach (var head in heads.OrderBy(h => h.MemberId.ToString("D"), StringComparer.Ordinal))
            text.Append(CultureInfo.InvariantCulture, $"{head.MemberId:D}|{head.Sequence}|{head.Hash}\n");
        return Sha256Hex(text.ToString());
    }

    /// <summary>
    /// Checks one account's entries, given in sequence order: sequence numbers 1, 2, 3…, each entry's
    /// previous hash is the hash before it, each hash recomputes, each balance follows from the one
    /// before and the amount, and no balance is negative.
    /// </summary>
    public static IEnumerable<ChainProblem> Check(IEnumerable<LedgerEntry> entries)
    {
        var expectedSequence = 1L;
        var previousHash = Genesis;
        var balance = 0L;
        foreach (var e in entries)
        {
            if (e.Sequence != expectedSequence)
                yield return new ChainProblem(e.MemberId, e.Id, $"序号应为 {expectedSequence}，实际为 {e.Sequence}（记录缺失或重复）");
            if (!string.Equals(e.PreviousHash, previousHash, StringComparison.Ordinal))
                yield return new ChainProblem(e.MemberId, e.Id, "previousHash 与上一条记录的 hash 不一致");
            if (!string.Equals(HashOf(e, e.PreviousHash), e.Hash, StringComparison.Ordinal))
                yield return new ChainProblem(e.MemberId, e.Id, "hash 与记录内容不符（记录被改动）");
            balance += e.Amount;
            if (e.BalanceAfter != balance)
                yield return new ChainProblem(e.MemberId, e.Id, $"记账后余额应为 {balance}，记录为 {e.BalanceAfter}");
            if (e.BalanceAfter < 0)
                yield return new ChainProblem(e.MemberId, e.Id, "余额为负");
            balance = e.BalanceAfter;
            previousHash = e.Hash;
            expectedSequence = e.Sequence + 1;
        }
    }
}

/// <summary>The last entry of an account (at some moment).</summary>
public sealed record ChainHead(Guid MemberId, long Sequence, string Hash);

/// <summary>Something the verification found; <see cref="EntryId"/> is null for account-level problems.</summary>
public sealed record ChainProblem(Guid? MemberId, Guid? EntryId, string What);
