using Microsoft.EntityFrameworkCore;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Jobs;

/// <summary>Settings for the transaction of a monthly set-based job (rankings, the 双评议 report).</summary>
public static class MonthlyBatch
{
    /// <summary>
    /// Gives a monthly job's transaction room to sort and hash a city's month in memory rather than
    /// on disk (PostgreSQL's default work_mem is 4 MB). Lasts until the transaction ends.
    /// </summary>
    public static Task PrepareAsync(VolunteerDbContext db, CancellationToken ct) =>
        db.Database.IsNpgsql() ? db.Database.ExecuteSqlRawAsync("SET LOCAL work_mem = '64MB'", ct) : Task.CompletedTask;
}
