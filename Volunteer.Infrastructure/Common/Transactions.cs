using System.Data;
using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Common;

public static class Transactions
{
    /// <summary>
    /// Runs <paramref name="work"/> in one database transaction; commits when it returns, rolls
    /// back when it throws. Nested calls join the transaction already open.
    /// </summary>
    /// <remarks>
    /// When the database goes away mid-transaction (a shutdown, a failover, a dropped connection) the
    /// server has rolled everything back; whatever the driver then reports — the server's error, a
    /// broken stream, or a transaction "already completed" under a later statement — the caller gets
    /// one answer, <see cref="DatabaseUnavailableException"/> (503 <c>database.unavailable</c>), and the
    /// rollback of a transaction that no longer exists never hides it.
    /// </remarks>
    public static async Task<T> InTransactionAsync<T>(this VolunteerDbContext db, Func<Task<T>> work, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
            return await work();

        var transaction = await db.Database.BeginTransactionAsync(ct);
        var failed = false;
        try
        {
            var result = await work();
            await transaction.CommitAsync(ct);
            return result;
        }
        catch (Exception e)
        {
            failed = true;
            // The tracked entities now describe a state that was rolled back.
            db.ChangeTracker.Clear();
            if (e is not DomainException && ConnectionLost(db, e))
                throw new DatabaseUnavailableException(e);
            throw;
        }
        finally
        {
            try
            {
                await transaction.DisposeAsync();
            }
            catch (Exception) when (failed)
            {
                // Rolling back on a connection that is gone fails too; the first failure is the one to report.
            }
        }
    }

    /// <summary>Whether <paramref name="failure"/> means the database went away, judged by the error or by the connection it left.</summary>
    internal static bool ConnectionLost(VolunteerDbContext db, Exception failure) =>
        DatabaseErrors.IsUnavailable(failure)
        || (failure is InvalidOperationException or ObjectDisposedException
            && db.Database.GetDbConnection().State is ConnectionState.Broken or ConnectionState.Closed);
}

/// <summary>The database could not be reached, or went away mid-operation; nothing was committed. Answered with 503.</summary>
public sealed class DatabaseUnavailableException(Exception inner)
    : DomainException(ErrorKind.Unavailable, "database.unavailable", "数据库暂时不可用，请稍后再试。")
{
    public Exception Failure { get; } = inner;
}
