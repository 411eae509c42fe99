using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Volunteer.Tests.Support;

/// <summary>
/// Every row of every table, as text, to prove that a refused request changed nothing at all.
/// Tests of one class run one after another on their own database, so nothing else writes meanwhile.
/// </summary>
public static class Snapshot
{
    public static Task<string> DatabaseAsync(this ApiFactory api) => api.DbAsync(async db => JsonSerializer.Serialize(new
    {
        Streets = await db.Streets.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
        Communities = await db.Communities.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
        Grids = await db.Grids.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
        Partners = await db.Partners.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
        Members = await db.Members.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
        Households = await db.Households.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
        Accounts = await db.Accounts.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
        Needs = await db.Needs.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
        Tasks = await db.Tasks.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
        Claims = await db.Claims.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
        LedgerEntries = await db.LedgerEntries.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
        PointsAccounts = await db.PointsAccounts.AsNoTracking().OrderBy(x => x.MemberId).ToListAsync(),
        MonthlyTotals = await db.MonthlyTotals.AsNoTracking()
            .OrderBy(x => x.Period).ThenBy(x => x.MemberId).ThenBy(x => x.CommunityId).ThenBy(x => x.GridId).ToListAsync(),
        HonorTitles = await db.HonorTitles.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
        HonorNominations = await db.HonorNominations.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
        Surveys = await db.Surveys.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
        SurveyAnswers = await db.SurveyAnswers.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
        Departments = await db.Departments.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
        Escalations = await db.Escalations.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
        EscalationAssignments = await db.EscalationAssignments.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
        EscalationEvents = await db.EscalationEvents.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
        Notifications = await db.Notifications.AsNoTracking().OrderBy(x => x.Id).ToListAsync(),
    }, Http.Json));

    /// <summary>Runs <paramref name="attempts"/> and asserts that the database is exactly as before.</summary>
    public static async Task ChangesNothingAsync(this ApiFactory api, Func<Task> attempts)
    {
        var before = await api.DatabaseAsync();
        await attempts();
        Assert.Equal(before, await api.DatabaseAsync());
    }
}
