using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;
using Volunteer.Infrastructure.Jobs;

namespace Volunteer.Infrastructure.Points;

/// <summary>
/// Binds the nightly ledger verification (<see cref="RunLedgerVerification"/>) to the scheduler.
/// The only scheduler-specific code of the feature: moving to another scheduler means re-binding
/// <see cref="RunLedgerVerification.ExecuteAsync"/> here, on <c>Jobs:LedgerVerificationCron</c>.
/// </summary>
public static class LedgerVerificationSchedule
{
    public static readonly JobKey Key = new("ledger-verification", "volunteer");

    public static void AddLedgerVerification(this IQuartzBuilder q, JobOptions options)
    {
        q.AddJob<LedgerVerificationJob>(j => j.WithIdentity(Key).StoreDurably().WithDescription("每晚台账校验：重算哈希链、余额、月度合计与月度台账根"));
        q.AddTrigger(t => t.ForJob(Key).WithIdentity("ledger-verification.schedule", "volunteer")
            .WithCronSchedule(options.LedgerVerificationCron, c => c.InTimeZone(Scheduling.ChinaTimeZone)));
    }
}

[DisallowConcurrentExecution]
internal sealed class LedgerVerificationJob(IServiceScopeFactory scopes, ILogger<LedgerVerificationJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            var run = await scope.ServiceProvider.GetRequiredService<RunLedgerVerification>().ExecuteAsync(ct);
            if (run.Ok)
                logger.LogInformation("Ledger verification {Day}: {Accounts} accounts, {Entries} entries, all consistent", run.Day, run.Accounts, run.Entries);
            else
                logger.LogError("Ledger verification {Day}: {Problems} problems found", run.Day, run.Problems);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Ledger verification could not run");
        }
    }
}
