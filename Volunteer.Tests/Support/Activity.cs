using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Domain.Points;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Infrastructure.Points;

namespace Volunteer.Tests.Support;

/// <summary>Points history and job runs for the scheduled-jobs tests, written through the product's own code.</summary>
public static class Activity
{
    /// <summary>China time, for readable test dates: <c>Cst(2026, 10, 31, 23, 59)</c>.</summary>
    public static DateTimeOffset Cst(int year, int month, int day, int hour = 0, int minute = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, ChinaTime.Offset).ToUniversalTime();

    /// <summary>A member's verified service recorded through the ledger at <paramref name="at"/>, counted where it was done.</summary>
    public static Task EarnAsync(this ApiFactory api, Person member, Place place, int points, int minutes, DateTimeOffset at, bool inGrid = true) =>
        api.PostAsync(LedgerEntry.Create(member.Id, LedgerEntryKind.Earn, points, minutes, Guid.NewGuid(), "测试：完成服务", null,
            place.CommunityId, inGrid ? place.GridId : null, at));

    /// <summary>A staff correction at <paramref name="at"/>.</summary>
    public static Task AdjustAsync(this ApiFactory api, Person member, Place place, int amount, DateTimeOffset at) =>
        api.PostAsync(LedgerEntry.ForAdjustment(member.Id, amount, "测试：更正", place.Staff.Id, place.CommunityId, place.GridId, at));

    private static Task PostAsync(this ApiFactory api, LedgerEntry entry) => api.DbAsync(async db =>
    {
        var ledger = new PointsLedger(db);
        await db.InTransactionAsync(async () =>
        {
            await ledger.PostAsync(entry, default);
            return 0;
        }, default);
    });

    /// <summary>Runs a use case (or any scoped service) in a scope of its own, as a request or a job would.</summary>
    public static async Task<TResult> UseAsync<TService, TResult>(this ApiFactory api, Func<TService, Task<TResult>> work) where TService : notnull
    {
        api.EnsureAvailable();
        await using var scope = api.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>The catch-up the schedule runs.</summary>
    public static Task<IReadOnlyList<RunOutcome>> RunDueJobsAsync(this ApiFactory api, JobTrigger trigger = JobTrigger.Schedule) =>
        api.UseAsync<RunDueJobs, IReadOnlyList<RunOutcome>>(u => u.ExecuteAsync(trigger, default));

    /// <summary>One job for one period, as the runner does it (no due-date check).</summary>
    public static Task<RunOutcome> RunAsync(this ApiFactory api, JobName job, Period period, JobTrigger trigger = JobTrigger.Schedule) =>
        api.UseAsync<JobRunner, RunOutcome>(r => r.RunAsync(job, period, trigger, null, default));

    public static Task<JobRun?> RunOfAsync(this ApiFactory api, JobName job, Period period) =>
        api.DbAsync(db => db.JobRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Job == job && r.Period == period.Key));

    /// <summary>
    /// A claim verified at <paramref name="at"/> (with an optional rating), made through the domain's
    /// own methods as staff and volunteers would, and its points posted to the ledger.
    /// </summary>
    public static Task<Guid> VerifiedServiceAsync(this ApiFactory api, Place place, Person volunteer, DateTimeOffset at, int minutes,
        int? stars = null, int points = 10) => api.DbAsync(async db =>
    {
        var task = ServiceTask.Publish(place.CommunityId, new TaskTerms("测试服务", null, TaskCategory.Environment, 5, points,
            at.AddHours(-3), at.AddHours(1), "测试地点", false, place.GridId), place.Staff.Id, at.AddDays(-1));
        db.Tasks.Add(task);
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == volunteer.Id);
        var claim = task.Claim(Claimant.ForMember(member), at.AddHours(-3));
        claim.CheckIn(task, at.AddHours(-3));
        claim.CheckOut(task, at.AddHours(-3).AddMinutes(minutes));
        if (stars is { } s)
            claim.Rate(s, "测试评价", place.Staff.Id, at.AddMinutes(-30));
        claim.Verify(task, place.Staff.Id, minutes, at);
        db.Claims.Add(claim);
        await db.InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync();
            await new PointsLedger(db).PostAsync(LedgerEntry.ForVerifiedService(claim, task, place.GridId, at), default);
            return 0;
        }, default);
        return claim.Id;
    });
}
