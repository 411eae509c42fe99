using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Rewards;
using Volunteer.Infrastructure.Tasks;

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
