using Microsoft.Extensions.DependencyInjection;
using Volunteer.Infrastructure.Jobs;

namespace Volunteer.Infrastructure.Points;

/// <summary>
/// Binds the nightly ledger verification (<see cref="RunLedgerVerification"/>) to the job server as
/// the recurring job <c>ledger-verification</c>, on <c>Jobs:LedgerVerificationCron</c> (China time).
/// Its result is kept once per night in <c>LedgerVerificationRuns</c>, so a retry or a second server adds nothing.
/// </summary>
public static class LedgerVerificationSchedule
{
    public const string JobId = "ledger-verification";

    public static IServiceCollection AddLedgerVerification(this IServiceCollection services, JobOptions options) =>
        services.AddRecurringJob<RunLedgerVerification>(JobId, JobSchedule.AtCron(options.LedgerVerificationCron),
            async (verification, ct) => await verification.ExecuteAsync(ct));
}
