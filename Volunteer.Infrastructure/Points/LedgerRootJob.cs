using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Domain.Points;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Points;

/// <summary>
/// 月度台账根: after a month has ended, the hash over every account's head at the month's end
/// (the entry with the highest sequence whose period is that month or earlier), kept once with the
/// run and published with the month's 积分公示 board.
/// </summary>
public sealed class LedgerRootJob(VolunteerDbContext db) : IMonthlyJob
{
    public JobName Name => JobName.LedgerRoot;

    public async Task<string> ComputeAsync(Period period, DateTimeOffset now, CancellationToken ct)
    {
        var heads = await LedgerHeads.AtEndOfAsync(db, period, ct);
        var root = LedgerRoot.Of(period, heads, now);
        db.LedgerRoots.Add(root);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return $"账户 {root.Accounts} 个，台账根 {root.Root[..12]}…";
    }
}

public static class LedgerHeads
{
    /// <summary>Every account's last entry at the end of <paramref name="period"/>.</summary>
    public static async Task<List<ChainHead>> AtEndOfAsync(VolunteerDbContext db, Period period, CancellationToken ct)
    {
        var key = period.Key;
        var last = db.LedgerEntries.Where(e => e.Period <= key)
            .GroupBy(e => e.MemberId)
            .Select(g => new { MemberId = g.Key, Sequence = g.Max(e => e.Sequence) });
        var rows = await (from e in db.LedgerEntries
                          join l in last on new { e.MemberId, e.Sequence } equals new { l.MemberId, l.Sequence }
                          select new { e.MemberId, e.Sequence, e.Hash })
            .AsNoTracking().ToListAsync(ct);
        return rows.Select(r => new ChainHead(r.MemberId, r.Sequence, r.Hash)).ToList();
    }
}
