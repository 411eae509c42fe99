using Microsoft.EntityFrameworkCore;
using Volunteer.Infrastructure.Common;

namespace Volunteer.Infrastructure.Persistence;

/// <summary>The request's database connection, for the HTTP layer's connection filter and readiness check. Registered like the use cases.</summary>
public sealed class RequestDatabase(VolunteerDbContext db) : IUseCase
{
    /// <summary>Opens the request's connection now and keeps it until <see cref="ReleaseAsync"/> (or the request's DbContext is disposed).</summary>
    public Task OpenAsync(CancellationToken ct) => db.Database.OpenConnectionAsync(ct);

    /// <summary>
    /// Gives the request's connection back to the pool once the handler is done with it (the answer is still to be
    /// written), unless a transaction is open on it. A later query of the request opens one again, as EF Core would.
    /// </summary>
    public Task ReleaseAsync() => db.Database.CurrentTransaction is null ? db.Database.CloseConnectionAsync() : Task.CompletedTask;

    /// <summary>Whether the database answers, and how many migrations are not applied yet (null when it does not answer).</summary>
    public async Task<int?> PendingMigrationsAsync(CancellationToken ct) =>
        await db.Database.CanConnectAsync(ct) ? (await db.Database.GetPendingMigrationsAsync(ct)).Count() : null;
}
