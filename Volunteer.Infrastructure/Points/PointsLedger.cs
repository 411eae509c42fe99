using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Points;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Points;

/// <summary>
/// Writes ledger entries. Every entry moves the balance with one conditional update that refuses
/// to go below zero, is inserted under a unique (kind, source) index so a source counts once,
/// and adds to the monthly running totals, all inside the caller's transaction. The conditional
/// update also locks the account row until the transaction ends (PostgreSQL: a row lock; SQLite:
/// its single write lock), so the entry's sequence and previous hash, read next, are the account's
/// latest: the chain is built in commit order, and (member, sequence) is unique in the database.
/// </summary>
public sealed class PointsLedger(VolunteerDbContext db)
{
    public async Task PostAsync(LedgerEntry entry, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Ledger entries are posted inside the transaction of the change that causes them.");

        var amount = entry.Amount;
        var minutes = entry.Minutes;
        var updated = await db.PointsAccounts
            .Where(a => a.MemberId == entry.MemberId && a.Balance + amount >= 0)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Balance, a => a.Balance + amount)
                .SetProperty(a => a.Minutes, a => a.Minutes + minutes)
                .SetProperty(a => a.UpdatedAt, entry.CreatedAt), ct);
        if (updated == 0)
        {
            var current = await BalanceAsync(entry.MemberId, ct)
                ?? throw new InvalidOperationException($"Member {entry.MemberId} has no points account.");
            throw PointsAccount.InsufficientPoints(current, amount);
        }

        entry.StampBalanceAfter((await BalanceAsync(entry.MemberId, ct))!.Value);
        var memberId = entry.MemberId;
        var head = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.MemberId == memberId)
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(ct);
        entry.Seal((head?.Sequence ?? 0) + 1, head?.Hash ?? LedgerChain.Genesis);
        db.LedgerEntries.Add(entry);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            throw new DomainException(ErrorKind.Conflict, "ledger.duplicateSource", "该来源的积分已记录过，不会重复记账。");
        }

        if (entry.CountsForRanking && entry.CommunityId is { } communityId)
        {
            await PointsSql.AddToMonthlyTotalAsync(db, entry.Period, entry.MemberId, communityId,
                entry.GridId ?? Guid.Empty, entry.Amount, entry.Minutes, ct);
            Rankings.LiveBoardChanges.Written(db); // this process's live boards are read again once it commits
        }
    }

    private Task<int?> BalanceAsync(Guid memberId, CancellationToken ct) =>
        db.PointsAccounts.Where(a => a.MemberId == memberId).Select(a => (int?)a.Balance).SingleOrDefaultAsync(ct);
}
