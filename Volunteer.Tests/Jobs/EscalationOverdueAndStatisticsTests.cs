using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Api.Escalations;
using Volunteer.Domain.Common;
using Volunteer.Domain.Escalations;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Escalations;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Jobs;

/// <summary>The overdue job marks each late deadline once, however often and on however many nodes it runs; the statistics add up from constructed data.</summary>
public abstract class EscalationOverdueAndStatisticsTests(ApiFactory api)
{
    private async Task<int> RunOverdueJobAsync()
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MarkOverdueEscalations>().ExecuteAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_overdue_job_is_a_recurring_job_on_its_configured_interval()
    {
        var job = Assert.Single(api.Services.GetServices<RecurringJobDefinition>(), d => d.Id == EscalationSetup.OverdueJobId);
        Assert.Equal("0 */5 * * * *", job.Schedule.Cron);
    }

    [Fact]
    public async Task Late_report_ins_and_resolutions_are_marked_once_and_the_department_and_the_street_are_told_once()
    {
        var place = await api.NewCommunityAsync();
        var admin = await api.NewAdminAsync(place.StreetId);
        var urban = await api.NewDepartmentAsync(admin);
        var housing = await api.NewDepartmentAsync(admin);
        var escalation = await api.EscalatedNeedAsync(place, await api.NewResidentAsync(place));
        await api.DispatchAsync(admin, escalation.Id, api.Clock.GetUtcNow().AddHours(2), urban, housing);
        await api.AcknowledgeAsync(urban, escalation.Id);

        Assert.Equal(0, await RunOverdueJobAsync());
        api.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(3, await RunOverdueJobAsync());

        var seen = await (await api.Client(admin.Token).GetAsync($"/api/v1/escalations/{escalation.Id}")).ReadAsync<EscalationResponse>();
        Assert.Equal([(urban.Name, false, true), (housing.Name, true, true)],
            seen.Departments.Select(d => (d.DepartmentName, d.AcknowledgementOverdue, d.ResolutionOverdue)).OrderBy(d => d.DepartmentName == housing.Name));
        var notices = await api.DbAsync(db => db.Notifications.AsNoTracking().Where(n => n.Kind == NotificationKind.EscalationOverdue)
            .Where(n => n.RecipientId == urban.StaffId || n.RecipientId == housing.StaffId || n.RecipientId == admin.Id).ToListAsync());
        Assert.Equal(1, notices.Count(n => n.RecipientId == urban.StaffId));
        Assert.Equal(2, notices.Count(n => n.RecipientId == housing.StaffId));
        Assert.Equal(3, notices.Count(n => n.RecipientId == admin.Id));

        // Again, later: nothing left to mark, nothing changes.
        api.Clock.Advance(TimeSpan.FromHours(1));
        await api.ChangesNothingAsync(async () => Assert.Equal(0, await RunOverdueJobAsync()));
    }

    [Fact]
    public async Task Two_job_runs_at_once_mark_each_deadline_once()
    {
        var place = await api.NewCommunityAsync();
        var admin = await api.NewAdminAsync(place.StreetId);
        var departments = new[] { await api.NewDepartmentAsync(admin), await api.NewDepartmentAsync(admin) };
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var escalation = await api.EscalatedNeedAsync(place, await api.NewResidentAsync(place), $"事项{i}");
            await api.DispatchAsync(admin, escalation.Id, api.Clock.GetUtcNow().AddHours(1), departments);
            ids.Add(escalation.Id);
        }
        api.Clock.Advance(TimeSpan.FromHours(2));
        var before = await api.DbAsync(db => db.Notifications.CountAsync(n => n.Kind == NotificationKind.EscalationOverdue));

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(RunOverdueJobAsync)));

        // 3 escalations × 2 departments × (report-in and resolution) = 12 deadlines, each marked by exactly one run.
        Assert.Equal(12, runs.Sum());
        Assert.Equal(12, await api.DbAsync(db => db.EscalationEvents.CountAsync(e => ids.Contains(e.EscalationId)
            && (e.Kind == EscalationEventKind.AcknowledgementOverdue || e.Kind == EscalationEventKind.ResolutionOverdue))));
        // Each deadline told its department's one staff member and the street's one admin.
        Assert.Equal(before + 24, await api.DbAsync(db => db.Notifications.CountAsync(n => n.Kind == NotificationKind.EscalationOverdue)));
        Assert.Equal(0, await RunOverdueJobAsync());
    }

    [Fact]
    public async Task A_streets_monthly_figures_per_department_follow_from_what_each_department_did()
    {
        // Start of a month to come, so that everything below happens in one month.
        var month = Period.Of(api.Clock.GetUtcNow()).Next();
        api.Clock.Set(month.StartsAt.AddDays(2));
        var place = await api.NewCommunityAsync();
        var admin = await api.NewAdminAsync(place.StreetId);
        var urban = await api.NewDepartmentAsync(admin, "城管中队");
        var housing = await api.NewDepartmentAsync(admin, "住建服务站");
        var idle = await api.NewDepartmentAsync(admin, "派出所");
        var resident = await api.NewResidentAsync(place);

        // 城管 gets four: reports in after 10, 30, 90 minutes (one never), resolves after 60 and 120 minutes; the residents rate two.
        var acknowledgeAfter = new int?[] { 10, 30, 90, null };
        var resolveAfter = new int?[] { 60, 120, null, null };
        var ratings = new[] { "satisfied", "dissatisfied", null, null };
        for (var i = 0; i < 4; i++)
        {
            var start = api.Clock.GetUtcNow();
            var escalation = await api.EscalatedNeedAsync(place, resident, $"城管事项{i}");
            await api.DispatchAsync(admin, escalation.Id, start.AddDays(1), i == 0 ? [urban, housing] : [urban]);
            if (acknowledgeAfter[i] is { } a)
            {
                api.Clock.Set(start.AddMinutes(a));
                await api.AcknowledgeAsync(urban, escalation.Id);
            }
            if (resolveAfter[i] is { } r)
            {
                api.Clock.Set(start.AddMinutes(r));
                await api.ResolveAsync(urban, escalation.Id);
            }
            if (i == 0)
            {
                // 住建 reports in after 140 minutes and resolves the first one after 200, which resolves it.
                api.Clock.Set(start.AddMinutes(140));
                await api.AcknowledgeAsync(housing, escalation.Id);
                api.Clock.Set(start.AddMinutes(200));
                await api.ResolveAsync(housing, escalation.Id);
            }
            if (ratings[i] is { } level)
            {
                if (i == 1)
                {
                    api.Clock.Set(start.AddMinutes(130));
                }
                await (await api.Client(resident.Token).PostJsonAsync($"/api/v1/escalations/{escalation.Id}/satisfaction", new { level }))
                    .ShouldBeAsync(HttpStatusCode.OK);
            }
            api.Clock.Set(start.AddMinutes(210));
        }
        // The last one was never reported in on: a day later the job marks both of its deadlines overdue.
        api.Clock.Advance(TimeSpan.FromDays(1));
        await RunOverdueJobAsync();

        // A day on, the staff sign in again (their tokens last 12 hours).
        admin = admin with { Token = api.TokenFor(admin.Account) };
        var staffToken = api.TokenFor(place.Staff);
        var report = await (await api.Client(admin.Token).GetAsync($"/api/v1/reports/escalations?period={month}"))
            .ReadAsync<EscalationStatisticsResponse>();
        Assert.Equal((month.ToString(), 4, 2), (report.Period, report.Raised, report.ResolvedInPeriod));
        Assert.Equal(["住建服务站", "城管中队", "派出所"], report.Departments.Select(d => d.DepartmentName));
        var u = report.Departments.Single(d => d.DepartmentId == urban.Id);
        Assert.Equal((4, 3, 2, 30.0, 90.0), (u.Received, u.Acknowledged, u.Resolved, u.MedianMinutesToAcknowledge, u.MedianMinutesToResolve));
        Assert.Equal((2, 2, 0.5m, 0m, 0.5m), (u.Overdue, u.Rated, u.SatisfiedShare, u.BasicallySatisfiedShare, u.DissatisfiedShare));
        var h = report.Departments.Single(d => d.DepartmentId == housing.Id);
        Assert.Equal((1, 1, 1, 140.0, 200.0, 0, 1, 1m), (h.Received, h.Acknowledged, h.Resolved, h.MedianMinutesToAcknowledge,
            h.MedianMinutesToResolve, h.Overdue, h.Rated, h.SatisfiedShare));
        var p = report.Departments.Single(d => d.DepartmentId == idle.Id);
        Assert.Equal((0, 0, (double?)null, (decimal?)null), (p.Received, p.Overdue, p.MedianMinutesToAcknowledge, p.SatisfiedShare));

        // The same figures through the method the street's statistics report composes.
        await using var scope = api.Services.CreateAsyncScope();
        var direct = await scope.ServiceProvider.GetRequiredService<EscalationStatisticsQueries>().ForStreetAsync(place.StreetId, month, CancellationToken.None);
        Assert.Equal(report.Departments.Select(d => (d.DepartmentId, d.Received, d.MedianMinutesToResolve)),
            direct.Departments.Select(d => (d.DepartmentId, d.Received, d.MedianMinutesToResolve)));

        // Another street's admin, community staff and a month without anything.
        var elsewhere = await api.NewAdminAsync((await api.NewCommunityAsync()).StreetId);
        Assert.Equal("street.forbidden", (await (await api.Client(elsewhere.Token).GetAsync($"/api/v1/reports/escalations?period={month}&streetId={place.StreetId}"))
            .ProblemAsync(HttpStatusCode.Forbidden)).Code);
        Assert.Equal("role.adminOnly", (await (await api.Client(staffToken).GetAsync($"/api/v1/reports/escalations?period={month}"))
            .ProblemAsync(HttpStatusCode.Forbidden)).Code);
        var empty = await (await api.Client(admin.Token).GetAsync($"/api/v1/reports/escalations?period={month.Previous()}"))
            .ReadAsync<EscalationStatisticsResponse>();
        Assert.All(empty.Departments, d => Assert.Equal(0, d.Received));
    }
}

public sealed class EscalationOverdueAndStatisticsOnPostgres(PostgresApi api) : EscalationOverdueAndStatisticsTests(api), IClassFixture<PostgresApi>;

public sealed class EscalationOverdueAndStatisticsOnSqlite(SqliteApi api) : EscalationOverdueAndStatisticsTests(api), IClassFixture<SqliteApi>;
