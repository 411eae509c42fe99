using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Volunteer.Infrastructure.Rankings;

/// <summary>
/// Tells this app's live boards (<see cref="LiveBoards"/>) that the running totals changed, once the
/// change is committed: <see cref="Points.PointsLedger"/> marks the transaction that wrote a ledger entry, and
/// this interceptor (one per app, on every DbContext of it) advances <see cref="Generation"/> when that
/// transaction commits. A board read before the commit carries the older generation and is read again by the next
/// request, so a point earned through this instance is on its boards as soon as the request that earned it
/// has answered. Other instances see it when their boards are at most <see cref="LiveBoards.MaxAge"/> old.
/// </summary>
public sealed class LiveBoardChanges : DbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbTransaction, object> Pending = new();
    private static readonly object Marker = new();
    private long _generation;

    /// <summary>Advances with every committed change of the running totals made through this app.</summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>The running totals were written in <paramref name="db"/>'s transaction: count it once that commits.</summary>
    public static void Written(DbContext db)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The running totals are written inside the transaction of their ledger entry.");
        Pending.AddOrUpdate(transaction, Marker);
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Committed(transaction);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Pending.Remove(transaction);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Pending.Remove(transaction);
        return Task.CompletedTask;
    }

    private void Committed(DbTransaction transaction)
    {
        if (Pending.Remove(transaction))
            Advance();
    }

    private void Advance() => Interlocked.Increment(ref _generation);
}
