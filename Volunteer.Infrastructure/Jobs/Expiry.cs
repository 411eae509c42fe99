using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Rewards;
using Volunteer.Infrastructure.Tasks;
using TaskStatus = Volunteer.Domain.Tasks.TaskStatus;

namespace Volunteer.Infrastructure.Jobs;

/// <summary>
/// One housekeeping step of the expiry job. Each finds what has expired by its state and the
/// clock, and changes it with a check that it has not changed meanwhile, so running a sweep twice,
/// or on two instances at once, changes each thing once. Returns how many things it changed.
/// </summary>
public interface IExpirySweep
{
    string Name { get; }

    Task<int> SweepAsync(DateTimeOffset now, CancellationToken ct);
}

public static class ExpirySweeps
{
    /// <summary>
    /// The sweeps the expiry job runs, in this order. Another feature adds its own with one call to
    /// <see cref="AddExpirySweep{TUseCase}"/>.
    /// </summary>
    internal static IServiceCollection AddCoreExpirySweeps(this IServiceCollection services)
    {
        services.AddScoped<IExpirySweep, CloseEndedTasks>();
        services.AddScoped<IExpirySweep, MarkNoShows>();
        // Unfulfilled redemption codes past their time: points and stock come back, once.
        services.AddExpirySweep<ExpireRedemptions>("redemptions", (useCase, _, ct) => useCase.ExecuteAsync(ct));
        return services;
    }

    /// <summary>
    /// Adds an idempotent use case as a step of the expiry job. <paramref name="sweep"/> calls it
    /// and returns how many things it changed.
    /// </summary>
    public static IServiceCollection AddExpirySweep<TUseCase>(this IServiceCollection services, string name,
        Func<TUseCase, DateTimeOffset, CancellationToken, Task<int>> sweep) where TUseCase : class =>
        services.AddScoped<IExpirySweep>(sp => new DelegateSweep(name, (now, ct) => sweep(sp.GetRequiredService<TUseCase>(), now, ct)));

    private sealed class DelegateSweep(string name, Func<DateTimeOffset, CancellationToken, Task<int>> sweep) : IExpirySweep
    {
        public string Name => name;

        public Task<int> SweepAsync(DateTimeOffset now, CancellationToken ct) => sweep(now, ct);
    }
}

/// <summary>
/// The expiry job: runs every sweep. A sweep that fails is logged and does not stop the others;
/// the run then fails (<see cref="ExpirySweepsFailedException"/>) so the job server retries it.
/// </summary>
public sealed class RunExpirySweeps(VolunteerDbContext db, IEnumerable<IExpirySweep> sweeps, TimeProvider clock,
    ILogger<RunExpirySweeps> logger) : IUseCase
{
    public async Task<IReadOnlyDictionary<string, int>> ExecuteAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var changed = new Dictionary<string, int>();
        var failures = new Dictionary<string, Exception>();
        foreach (var sweep in sweeps)
        {
            try
            {
                changed[sweep.Name] = await sweep.SweepAsync(now, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogError(e, "Expiry sweep {Sweep} failed; it will be attempted again", sweep.Name);
                changed[sweep.Name] = 0;
                failures[sweep.Name] = e;
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        if (changed.Values.Any(n => n > 0))
            logger.LogInformation("Expiry: {Changes}", string.Join(", ", changed.Select(c => $"{c.Key} {c.Value}")));
        if (failures.Count > 0)
            throw new ExpirySweepsFailedException(changed, failures);
        return changed;
    }
}

/// <summary>Some sweeps failed (the others ran and committed); running all of them again is safe.</summary>
public sealed class ExpirySweepsFailedException(IReadOnlyDictionary<string, int> changed, IReadOnlyDictionary<string, Exception> failures)
    : AggregateException($"Expiry sweeps failed: {string.Join(", ", failures.Keys)}", failures.Values)
{
    /// <summary>What each sweep changed (0 for the failed ones).</summary>
    public IReadOnlyDictionary<string, int> Changed { get; } = changed;

    public IReadOnlyCollection<string> FailedSweeps { get; } = failures.Keys.ToList();
}

/// <summary>Tasks whose end has passed are closed (<see cref="ServiceTask.CloseIfEnded"/>).</summary>
public sealed class CloseEndedTasks(VolunteerDbContext db) : IExpirySweep
{
    private const int Batch = 200;
    private const int MaxBatches = 50;

    public string Name => "tasks";

    public async Task<int> SweepAsync(DateTimeOffset now, CancellationToken ct)
    {
        var closed = 0;
        for (var batch = 0; batch < MaxBatches; batch++)
        {
            var tasks = await db.Tasks
                .Where(t => t.Status == TaskStatus.Published && t.EndsAt <= now)
                .OrderBy(t => t.EndsAt).ThenBy(t => t.Id)
                .Take(Batch)
                .ToListAsync(ct);
            var count = tasks.Count(t => t.CloseIfEnded(now));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Someone changed one of these tasks meanwhile (or another instance closed it);
                // the next sweep sees the current state.
                db.ChangeTracker.Clear();
                break;
            }
            db.ChangeTracker.Clear();
            closed += count;
            if (tasks.Count < Batch)
                break;
        }
        return closed;
    }
}

/// <summary>
/// Accepted claims whose task ended without a check-in become no-shows
/// (<see cref="Claim.MarkNoShowIfMissed"/>): no points, the slot is released, and the member's
/// no-show count goes up by one in the same transaction. The claim's version check lets one
/// transaction make the change, so a claim is counted once.
/// </summary>
public sealed class MarkNoShows(VolunteerDbContext db) : IExpirySweep
{
    private const int Batch = 500;

    public string Name => "noShows";

    public async Task<int> SweepAsync(DateTimeOffset now, CancellationToken ct)
    {
        var ids = await (
                from claim in db.Claims
                join task in db.Tasks on claim.TaskId equals task.Id
                where claim.Status == ClaimStatus.Accepted && task.EndsAt <= now
                orderby task.EndsAt, claim.Id
                select claim.Id)
            .Take(Batch)
            .ToListAsync(ct);

        var marked = 0;
        foreach (var id in ids)
        {
            try
            {
                var done = await db.InTransactionAsync(async () =>
                {
                    var claim = await db.Claims.SingleAsync(c => c.Id == id, ct);
                    var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == claim.TaskId, ct);
                    if (!claim.MarkNoShowIfMissed(task, now))
                        return false;
                    await db.SaveChangesAsync(ct);
                    await TaskSlots.ReleaseAsync(db, task.Id, ct);
                    if (claim.MemberId is { } memberId)
                        await db.Members.Where(m => m.Id == memberId)
                            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NoShowCount, m => m.NoShowCount + 1), ct);
                    return true;
                }, ct);
                if (done)
                    marked++;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Checked in at the last moment, or another instance marked it first.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        return marked;
    }
}
