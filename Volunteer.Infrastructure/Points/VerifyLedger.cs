using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Points;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Points;

/// <summary>What a ledger verification found (台账校验结果).</summary>
public sealed record LedgerVerification(bool Ok, int Accounts, long Entries, IReadOnlyList<ChainProblem> Problems);

/// <summary>
/// Recomputes the ledger from its entries alone and compares: every account's hash chain
/// (<see cref="LedgerChain.Check"/>), each account's balance and service time against the sum of
/// its entries, each month's running totals (which rankings read) against the entries of that month,
/// and, over the whole platform, every kept monthly ledger root against the chains as they are now.
/// Reads only, so it may run any time and as often as wanted.
/// </summary>
public sealed class VerifyLedger(VolunteerDbContext db) : IUseCase
{
    /// <summary>
    /// Platform admins verify everything (monthly roots included); street admins the accounts of
    /// members of their street; a resident their own account.
    /// </summary>
    public Task<LedgerVerification> ExecuteAsync(Actor actor, CancellationToken ct)
    {
        if (actor.IsResident)
            return RunAsync(db.Members.Where(m => m.Id == actor.Id).Select(m => m.Id), checkRoots: false, ct);
        actor.EnsureAdmin();
        if (actor.IsPlatformAdmin)
            return RunAsync(null, checkRoots: true, ct);
        var streetId = actor.StreetId;
        var members = from m in db.Members
                      join c in db.Communities on m.CommunityId equals c.Id
                      where c.StreetId == streetId
                      select m.Id;
        return RunAsync(members, checkRoots: false, ct);
    }

    /// <summary>The whole platform, for the nightly job.</summary>
    public Task<LedgerVerification> AllAsync(CancellationToken ct) => RunAsync(null, checkRoots: true, ct);

    private async Task<LedgerVerification> RunAsync(IQueryable<Guid>? members, bool checkRoots, CancellationToken ct)
    {
        var problems = new List<ChainProblem>();
        var accountsQuery = db.PointsAccounts.AsNoTracking();
        var entriesQuery = db.LedgerEntries.AsNoTracking();
        var totalsQuery = db.MonthlyTotals.AsNoTracking();
        if (members is not null)
        {
            accountsQuery = accountsQuery.Where(a => members.Contains(a.MemberId));
            entriesQuery = entriesQuery.Where(e => members.Contains(e.MemberId));
            totalsQuery = totalsQuery.Where(t => members.Contains(t.MemberId));
        }
        var accounts = await accountsQuery.ToDictionaryAsync(a => a.MemberId, ct);

        var expectedTotals = new Dictionary<(int Period, Guid Member, Guid Community, Guid Grid), (long Points, long Minutes)>();
        var entryCount = 0L;
        var chain = new List<LedgerEntry>();
        var seen = new HashSet<Guid>();

        void CloseAccount()
        {
            if (chain.Count == 0)
                return;
            var memberId = chain[0].MemberId;
            seen.Add(memberId);
            problems.AddRange(LedgerChain.Check(chain));
            var balance = chain.Sum(e => (long)e.Amount);
            var minutes = chain.Sum(e => (long)e.Minutes);
            if (!accounts.TryGetValue(memberId, out var account))
                problems.Add(new ChainProblem(memberId, null, "有台账记录但没有积分账户"));
            else
            {
                if (account.Balance != balance)
                    problems.Add(new ChainProblem(memberId, null, $"账户余额 {account.Balance} 与台账合计 {balance} 不符"));
                if (account.Minutes != minutes)
                    problems.Add(new ChainProblem(memberId, null, $"账户服务时长 {account.Minutes} 分钟与台账合计 {minutes} 分钟不符"));
            }
            chain.Clear();
        }

        await foreach (var entry in entriesQuery.OrderBy(e => e.MemberId).ThenBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (chain.Count > 0 && chain[0].MemberId != entry.MemberId)
                CloseAccount();
            chain.Add(entry);
            entryCount++;
            if (entry.CountsForRanking && entry.CommunityId is { } communityId)
            {
                var key = (entry.Period, entry.MemberId, communityId, entry.GridId ?? Guid.Empty);
                var sum = expectedTotals.GetValueOrDefault(key);
                expectedTotals[key] = (sum.Points + entry.Amount, sum.Minutes + entry.Minutes);
            }
        }
        CloseAccount();

        foreach (var account in accounts.Values.Where(a => !seen.Contains(a.MemberId) && (a.Balance != 0 || a.Minutes != 0)))
            problems.Add(new ChainProblem(account.MemberId, null, $"账户余额 {account.Balance}、时长 {account.Minutes} 分钟，但没有任何台账记录"));

        await foreach (var total in totalsQuery.AsAsyncEnumerable().WithCancellation(ct))
        {
            var key = (total.Period, total.MemberId, total.CommunityId, total.GridId);
            var expected = expectedTotals.GetValueOrDefault(key);
            expectedTotals.Remove(key);
            if (expected.Points != total.Points || expected.Minutes != total.Minutes)
                problems.Add(new ChainProblem(total.MemberId, null,
                    $"{Period.FromKey(total.Period)} 月度合计（积分 {total.Points}、时长 {total.Minutes}）与台账（积分 {expected.Points}、时长 {expected.Minutes}）不符"));
        }
        foreach (var ((period, member, _, _), expected) in expectedTotals.Where(t => t.Value != (0, 0)))
            problems.Add(new ChainProblem(member, null, $"{Period.FromKey(period)} 缺少月度合计（台账积分 {expected.Points}、时长 {expected.Minutes}）"));

        if (checkRoots)
        {
            foreach (var root in await db.LedgerRoots.AsNoTracking().OrderBy(r => r.Period).ToListAsync(ct))
            {
                var heads = await LedgerHeads.AtEndOfAsync(db, Period.FromKey(root.Period), ct);
                if (LedgerChain.Root(heads) != root.Root)
                    problems.Add(new ChainProblem(null, null, $"{Period.FromKey(root.Period)} 的月度台账根与现有台账不符（已结账月份被改写）"));
            }
        }

        var accountCount = seen.Union(accounts.Keys).Count();
        return new LedgerVerification(problems.Count == 0, accountCount, entryCount, problems);
    }
}
