using Volunteer.Domain.Points;
using static Volunteer.Tests.Domain.Builders;

namespace Volunteer.Tests.Domain;

public class LedgerChainRulesTests
{
    private static List<LedgerEntry> Chain(Guid memberId, params int[] amounts)
    {
        var account = PointsAccount.OpenFor(memberId, Now);
        var previous = LedgerChain.Genesis;
        var entries = new List<LedgerEntry>();
        foreach (var amount in amounts)
        {
            var entry = LedgerEntry.ForAdjustment(memberId, amount, "补录", StaffId, null, null, Now);
            account.Apply(entry);
            entry.Seal(entries.Count + 1, previous);
            previous = entry.Hash;
            entries.Add(entry);
        }
        return entries;
    }

    [Fact]
    public void A_sealed_chain_checks_clean_and_links_each_entry_to_the_one_before()
    {
        var entries = Chain(Guid.NewGuid(), 10, 5, -3);
        Assert.Empty(LedgerChain.Check(entries));
        Assert.Equal(LedgerChain.Genesis, entries[0].PreviousHash);
        Assert.Equal(entries[1].Hash, entries[2].PreviousHash);
        Assert.Matches("^[0-9a-f]{64}$", entries[2].Hash);
        Assert.Throws<InvalidOperationException>(() => entries[0].Seal(1, LedgerChain.Genesis));
    }

    [Fact]
    public void A_missing_entry_or_a_reordered_chain_is_reported()
    {
        var entries = Chain(Guid.NewGuid(), 10, 5, -3);
        var gap = LedgerChain.Check([entries[0], entries[2]]).ToList();
        Assert.Contains(gap, p => p.EntryId == entries[2].Id && p.What.Contains("序号"));
        Assert.Contains(gap, p => p.EntryId == entries[2].Id && p.What.Contains("previousHash"));
        var swapped = LedgerChain.Check([entries[1], entries[0], entries[2]]).ToList();
        Assert.NotEmpty(swapped);
    }

    [Fact]
    public void The_root_of_the_same_heads_is_the_same_in_any_order_and_changes_with_any_head()
    {
        var a = new ChainHead(Guid.NewGuid(), 3, new string('a', 64));
        var b = new ChainHead(Guid.NewGuid(), 1, new string('b', 64));
        Assert.Equal(LedgerChain.Root([a, b]), LedgerChain.Root([b, a]));
        Assert.NotEqual(LedgerChain.Root([a, b]), LedgerChain.Root([a with { Sequence = 2 }, b]));
        Assert.NotEqual(LedgerChain.Root([a, b]), LedgerChain.Root([a]));
    }
}
