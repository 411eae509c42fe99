using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Domain.Points;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Points;

/// <summary>
/// The nightly verification (每晚台账校验), run by the scheduler: verifies the whole platform and
/// keeps the result as that night's <see cref="LedgerVerificationRun"/>. Once per night: a second
/// run of the same night (a retry, another instance) returns the kept result and adds nothing.
/// </summary>
public sealed class RunLedgerVerification(VolunteerDbContext db, TimeProvider clock, VerifyLedger verify) : IUseCase
{
    public async Task<LedgerVerificationRun> ExecuteAsync(CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        var day = LedgerVerificationRun.DayOf(started);
        if (await db.LedgerVerificationRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Day == day, ct) is { } done)
            return done;

        var result = await verify.AllAsync(ct);
        var run = LedgerVerificationRun.Record(started, clock.GetUtcNow(), result.Accounts, result.Entries, result.Problems);
        db.LedgerVerificationRuns.Add(run);
        try
        {
            await db.SaveChangesAsync(ct);
            return run;
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return await db.LedgerVerificationRuns.AsNoTracking().SingleAsync(r => r.Day == day, ct);
        }
    }
}
