using Microsoft.EntityFrameworkCore;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Common;

public static class Transactions
{
    /// <summary>
    /// Runs <paramref name="work"/> in one database transaction; commits when it returns, rolls
    /// back when it throws. Nested calls join the transaction already open.
    /// </summary>
    public static async Task<T> InTransactionAsync<T>(this VolunteerDbContext db, Func<Task<T>> work, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
            return await work();

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var result = await work();
            await transaction.CommitAsync(ct);
            return result;
        }
        catch
        {
            // The tracked entities now describe a state that was rolled back.
            db.ChangeTracker.Clear();
            throw;
        }
    }
}
