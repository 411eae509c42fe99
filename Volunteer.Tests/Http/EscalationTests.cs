using System.Net;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Escalations;
using Volunteer.Api.Http;
using Volunteer.Api.Needs;
using Volunteer.Domain.Escalations;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Notifications;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>社区呼叫、街道吹哨、部门报到: the whole cycle over HTTP, who hears of each step, and races between departments.</summary>
public abstract class EscalationTests(ApiFactory api)
{
    [Fact]
    public async Task A_need_goes_from_the_community_to_the_street_to_two_departments_and_back_to_the_resident_who_rates_it()
    {
        var place = await api.NewCommunityAsync();
        var admin = await api.NewAdminAsync(place.StreetId);
        var resident = await api.NewResidentAsync(place, name: "张伟");
        var urban = await api.NewDepartmentAsync(admin, "城管中队");
        var housing = await api.NewDepartmentAsync(admin, "住建服务站");
        var now = api.Clock.GetUtcNow();

        // 社区呼叫: the need leaves the review queue; a second escalation of it is refused.
        var raised = await api.EscalatedNeedAsync(place, resident);
        Assert.Equal((EscalationState.Open, "南门夜市占道经营", "需城管执法，社区劝导无效"), (raised.State, raised.NeedTitle, raised.Reason));
        var need = await (await api.Client(resident.Token).GetAsync($"/api/v1/needs/{raised.NeedId}")).ReadAsync<NeedResponse>();
        Assert.Equal(NeedStatus.Escalated, need.Status);
        Assert.Equal("need.notPending", (await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/needs/{raised.NeedId}/escalation",
            new { reason = "再报一次" })).ProblemAsync(HttpStatusCode.Conflict)).Code);

        // The street's queue shows it; a department sees nothing before it is sent anything.
        var queue = await (await api.Client(admin.Token).GetAsync("/api/v1/escalations?state=open")).ReadAsync<Paged<EscalationResponse>>();
        Assert.Equal([raised.Id], queue.Items.Select(e => e.Id));
        Assert.Null(queue.Items[0].Timeline);
        Assert.Equal(0, (await (await api.Client(urban.StaffToken).GetAsync("/api/v1/escalations")).ReadAsync<Paged<EscalationResponse>>()).Total);
        Assert.Equal("escalation.notFound", (await (await api.Client(urban.StaffToken).GetAsync($"/api/v1/escalations/{raised.Id}"))
            .ProblemAsync(HttpStatusCode.NotFound)).Code);

        // 街道吹哨: to 城管 first, then 住建 is added; each keeps its own deadline.
        var dispatched = await api.DispatchAsync(admin, raised.Id, now.AddDays(3), urban);
        Assert.Equal(EscalationState.Dispatched, dispatched.State);
        api.Clock.Advance(TimeSpan.FromMinutes(10));
        var both = await api.DispatchAsync(admin, raised.Id, now.AddDays(5), urban, housing);
        Assert.Equal(["城管中队", "住建服务站"], both.Departments.Select(d => d.DepartmentName));
        Assert.Equal([now.AddDays(3), now.AddDays(5)], both.Departments.Select(d => d.DueAt), (a, b) => Math.Abs((a - b).TotalMilliseconds) < 1);
        Assert.All(both.Departments, d => Assert.Equal(AssignmentState.Assigned, d.State));
        var urbanList = await (await api.Client(urban.StaffToken).GetAsync("/api/v1/escalations")).ReadAsync<Paged<EscalationResponse>>();
        Assert.Equal([raised.Id], urbanList.Items.Select(e => e.Id));

        // 部门报到 and 办结, each once; the escalation is resolved when the last department resolves.
        api.Clock.Advance(TimeSpan.FromHours(1));
        await api.AcknowledgeAsync(urban, raised.Id);
        Assert.Equal("escalation.alreadyAcknowledged", (await (await api.Client(urban.StaffToken).PostJsonAsync($"/api/v1/escalations/{raised.Id}/acknowledge"))
            .ProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal("escalation.notAcknowledged", (await (await api.Client(housing.StaffToken).PostJsonAsync($"/api/v1/escalations/{raised.Id}/resolve",
            new { outcome = "已修复" })).ProblemAsync(HttpStatusCode.Conflict)).Code);
        api.Clock.Advance(TimeSpan.FromHours(2));
        var half = await api.ResolveAsync(urban, raised.Id, "已取缔占道摊点，设置禁停标志");
        Assert.Equal(EscalationState.Dispatched, half.State);
        Assert.Equal("escalation.notResolved", (await (await api.Client(resident.Token).PostJsonAsync($"/api/v1/escalations/{raised.Id}/satisfaction",
            new { level = "satisfied" })).ProblemAsync(HttpStatusCode.Conflict)).Code);
        await api.AcknowledgeAsync(housing, raised.Id);
        api.Clock.Advance(TimeSpan.FromHours(3));
        var done = await api.ResolveAsync(housing, raised.Id, "疏通消防通道");
        Assert.Equal(EscalationState.Resolved, done.State);
        Assert.True(Math.Abs((done.ResolvedAt!.Value - api.Clock.GetUtcNow()).TotalMilliseconds) < 1);

        // The resident follows it: every step, who did it and when; then rates it once.
        var followed = await (await api.Client(resident.Token).GetAsync($"/api/v1/escalations/{raised.Id}")).ReadAsync<EscalationResponse>();
        Assert.Equal(
            [EscalationEventKind.Raised, EscalationEventKind.Dispatched, EscalationEventKind.Dispatched, EscalationEventKind.Acknowledged,
                EscalationEventKind.Resolved, EscalationEventKind.Acknowledged, EscalationEventKind.Resolved, EscalationEventKind.Closed],
            followed.Timeline!.Select(t => t.Kind));
        Assert.Equal((place.Staff.DisplayName, (string?)null), (followed.Timeline![0].ActorName, followed.Timeline[0].DepartmentName));
        Assert.Equal(("城管中队", "已取缔占道摊点，设置禁停标志", "城管中队工作人员"),
            (followed.Timeline[4].DepartmentName, followed.Timeline[4].Note, followed.Timeline[4].ActorName));
        var rated = await (await api.Client(resident.Token).PostJsonAsync($"/api/v1/escalations/{raised.Id}/satisfaction",
            new { level = "basicallySatisfied", comment = "摊贩少了，油烟还有一点" })).ReadAsync<EscalationResponse>();
        Assert.Equal((EscalationSatisfaction.BasicallySatisfied, "摊贩少了，油烟还有一点"), (rated.Satisfaction, rated.SatisfactionComment));
        Assert.Equal("escalation.alreadyRated", (await (await api.Client(resident.Token).PostJsonAsync($"/api/v1/escalations/{raised.Id}/satisfaction",
            new { level = "dissatisfied" })).ProblemAsync(HttpStatusCode.Conflict)).Code);

        // Who heard of what: each department's staff of its dispatch; the resident and the community's staff of each report-in and resolution.
        var notices = await api.DbAsync(db => db.Notifications.AsNoTracking()
            .Where(n => n.Kind == NotificationKind.EscalationDispatched || n.Kind == NotificationKind.EscalationAcknowledged
                || n.Kind == NotificationKind.EscalationResolved)
            .Where(n => n.RecipientId == urban.StaffId || n.RecipientId == housing.StaffId || n.RecipientId == place.Staff.Id || n.RecipientId == resident.Id)
            .ToListAsync());
        Assert.Equal([urban.StaffId, housing.StaffId], notices.Where(n => n.Kind == NotificationKind.EscalationDispatched)
            .OrderBy(n => n.CreatedAt).Select(n => n.RecipientId));
        foreach (var kind in new[] { NotificationKind.EscalationAcknowledged, NotificationKind.EscalationResolved })
            Assert.Equal(
                [(RecipientKind.Account, place.Staff.Id), (RecipientKind.Account, place.Staff.Id), (RecipientKind.Member, resident.Id), (RecipientKind.Member, resident.Id)],
                notices.Where(n => n.Kind == kind).Select(n => (n.RecipientKind, n.RecipientId)).OrderBy(r => r.RecipientKind == RecipientKind.Member));
        Assert.Contains(notices, n => n.RecipientId == resident.Id && n.Body.Contains("已全部办结"));
        Assert.Equal(2, await api.DbAsync(db => db.NotificationDeliveries.CountAsync(d =>
            db.Notifications.Any(n => n.Id == d.NotificationId && n.Kind == NotificationKind.EscalationResolved && n.RecipientId == resident.Id))));
    }

    [Fact]
    public async Task Staff_record_the_verdict_of_a_resident_without_a_smartphone_but_not_of_one_who_posted_the_need_themselves()
    {
        var place = await api.NewCommunityAsync();
        var admin = await api.NewAdminAsync(place.StreetId);
        var urban = await api.NewDepartmentAsync(admin);
        var elder = await api.NewResidentAsync(place, name: "王秀英");
        var need = await (await api.Client(place.StaffToken).PostJsonAsync("/api/v1/needs", new
        {
            title = "楼下违建挡住采光", category = "other", onBehalfOfMemberId = elder.Id,
        })).ReadAsync<NeedResponse>(HttpStatusCode.Created);
        var escalation = await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/needs/{need.Id}/escalation", new { reason = "违建需住建认定" }))
            .ReadAsync<EscalationResponse>(HttpStatusCode.Created);
        await api.DispatchAsync(admin, escalation.Id, api.Clock.GetUtcNow().AddDays(2), urban);
        await api.AcknowledgeAsync(urban, escalation.Id);
        await api.ResolveAsync(urban, escalation.Id, "已责令拆除");

        var rated = await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/escalations/{escalation.Id}/satisfaction",
            new { level = "satisfied", comment = "电话回访" })).ReadAsync<EscalationResponse>();
        Assert.Equal(EscalationSatisfaction.Satisfied, rated.Satisfaction);
        Assert.Equal((place.Staff.DisplayName, "满意：电话回访"), (rated.Timeline!.Last().ActorName, rated.Timeline!.Last().Note));

        var resident = await api.NewResidentAsync(place);
        var own = await api.EscalatedNeedAsync(place, resident);
        await api.DispatchAsync(admin, own.Id, api.Clock.GetUtcNow().AddDays(2), urban);
        await api.AcknowledgeAsync(urban, own.Id);
        await api.ResolveAsync(urban, own.Id);
        await api.ChangesNothingAsync(async () =>
            Assert.Equal("escalation.rateForResident", (await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/escalations/{own.Id}/satisfaction",
                new { level = "satisfied" })).ProblemAsync(HttpStatusCode.Forbidden)).Code));
    }

    [Fact]
    public async Task Bad_dispatches_are_400_and_save_nothing()
    {
        var place = await api.NewCommunityAsync();
        var admin = await api.NewAdminAsync(place.StreetId);
        var urban = await api.NewDepartmentAsync(admin);
        var elsewhereAdmin = await api.NewAdminAsync((await api.NewCommunityAsync()).StreetId);
        var foreign = await api.NewDepartmentAsync(elsewhereAdmin);
        var escalation = await api.EscalatedNeedAsync(place, await api.NewResidentAsync(place));
        var client = api.Client(admin.Token);
        var url = $"/api/v1/escalations/{escalation.Id}/dispatch";
        var now = api.Clock.GetUtcNow();

        await api.ChangesNothingAsync(async () =>
        {
            Assert.Contains("departmentIds", (await (await client.PostJsonAsync(url, new { departmentIds = Array.Empty<Guid>(), dueAt = now.AddDays(1) }))
                .ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
            Assert.Contains("dueAt", (await (await client.PostJsonAsync(url, new { departmentIds = new[] { urban.Id } }))
                .ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
            Assert.Contains("dueAt", (await (await client.PostJsonAsync(url, new { departmentIds = new[] { urban.Id }, dueAt = now.AddMinutes(-1) }))
                .ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
            Assert.Contains("departmentIds", (await (await client.PostJsonAsync(url, new { departmentIds = new[] { urban.Id, foreign.Id }, dueAt = now.AddDays(1) }))
                .ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
            Assert.Contains("reason", (await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/needs/{escalation.NeedId}/escalation", new { reason = "" }))
                .ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
            Assert.Contains("level", (await (await client.PostJsonAsync($"/api/v1/escalations/{escalation.Id}/satisfaction", new { level = "great" }))
                .ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        });
    }

    [Fact]
    public async Task Two_departments_resolving_at_once_both_succeed_and_the_escalation_is_resolved_once()
    {
        var place = await api.NewCommunityAsync();
        var admin = await api.NewAdminAsync(place.StreetId);
        var departments = new[] { await api.NewDepartmentAsync(admin), await api.NewDepartmentAsync(admin), await api.NewDepartmentAsync(admin) };
        var escalation = await api.EscalatedNeedAsync(place, await api.NewResidentAsync(place));
        await api.DispatchAsync(admin, escalation.Id, api.Clock.GetUtcNow().AddDays(2), departments);
        foreach (var department in departments)
            await api.AcknowledgeAsync(department, escalation.Id);

        var race = await api.AllAtOnceAsync(departments.Length, i =>
            Racer.Post(departments[i].StaffToken, $"/api/v1/escalations/{escalation.Id}/resolve", new { outcome = $"第{i + 1}部门已处理" }));

        Assert.Equal(departments.Length, race.Count(HttpStatusCode.OK));
        var (state, events) = await api.DbAsync(async db => (
            await db.Escalations.Where(e => e.Id == escalation.Id).Select(e => e.State).SingleAsync(),
            await db.EscalationEvents.Where(e => e.EscalationId == escalation.Id).Select(e => e.Kind).ToListAsync()));
        Assert.Equal(EscalationState.Resolved, state);
        Assert.Equal(departments.Length, events.Count(k => k == EscalationEventKind.Resolved));
        Assert.Single(events, EscalationEventKind.Closed);
        Assert.Equal(departments.Length, await api.DbAsync(db => db.EscalationAssignments.CountAsync(a => a.EscalationId == escalation.Id && a.ResolvedAt != null)));
    }

    [Fact]
    public async Task A_double_report_in_is_recorded_once()
    {
        var place = await api.NewCommunityAsync();
        var admin = await api.NewAdminAsync(place.StreetId);
        var urban = await api.NewDepartmentAsync(admin);
        var escalation = await api.EscalatedNeedAsync(place, await api.NewResidentAsync(place));
        await api.DispatchAsync(admin, escalation.Id, api.Clock.GetUtcNow().AddDays(2), urban);

        var race = await api.AllAtOnceAsync(4, _ => Racer.Post(urban.StaffToken, $"/api/v1/escalations/{escalation.Id}/acknowledge"));

        Assert.Equal(1, race.Count(HttpStatusCode.OK));
        Assert.All(await race.RefusalCodesAsync(HttpStatusCode.OK, HttpStatusCode.Conflict), code => Assert.Equal("escalation.alreadyAcknowledged", code));
        Assert.Equal(1, await api.DbAsync(db => db.EscalationEvents.CountAsync(e => e.EscalationId == escalation.Id && e.Kind == EscalationEventKind.Acknowledged)));
        Assert.Equal(2, await api.DbAsync(db => db.Notifications.CountAsync(n => n.Kind == NotificationKind.EscalationAcknowledged
            && n.SubjectId == db.EscalationAssignments.Single(a => a.EscalationId == escalation.Id).Id)));
    }

    [Fact]
    public async Task Departments_are_unique_per_street_and_their_staff_accounts_need_a_department_of_the_admins_street()
    {
        var place = await api.NewCommunityAsync();
        var admin = await api.NewAdminAsync(place.StreetId);
        var urban = await api.NewDepartmentAsync(admin, "市场监管所");
        var other = await api.NewAdminAsync((await api.NewCommunityAsync()).StreetId);
        var client = api.Client(admin.Token);

        await api.ChangesNothingAsync(async () =>
        {
            Assert.Equal("department.duplicate", (await (await client.PostJsonAsync("/api/v1/admin/departments", new { name = "市场监管所" }))
                .ProblemAsync(HttpStatusCode.Conflict)).Code);
            Assert.Equal("role.adminOnly", (await (await api.Client(place.StaffToken).PostJsonAsync("/api/v1/admin/departments", new { name = "派出所" }))
                .ProblemAsync(HttpStatusCode.Forbidden)).Code);
            Assert.Contains("departmentId", (await (await client.PostJsonAsync("/api/v1/admin/accounts", new
            {
                username = "cs-with-dept", password = World.Password, displayName = "错配", role = "communityStaff", communityId = place.CommunityId,
                departmentId = urban.Id,
            })).ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
            Assert.Contains("departmentId", (await (await client.PostJsonAsync("/api/v1/admin/accounts", new
            {
                username = "dept-without", password = World.Password, displayName = "无部门", role = "departmentStaff",
            })).ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
            Assert.Contains("departmentId", (await (await api.Client(other.Token).PostJsonAsync("/api/v1/admin/accounts", new
            {
                username = "dept-foreign", password = World.Password, displayName = "外街道", role = "departmentStaff", departmentId = urban.Id,
            })).ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        });

        // The same name in another street is another department.
        await (await api.Client(other.Token).PostJsonAsync("/api/v1/admin/departments", new { name = "市场监管所" })).ShouldBeAsync(HttpStatusCode.Created);
        var listed = await (await client.GetAsync("/api/v1/admin/departments")).ReadAsync<List<DepartmentResponse>>();
        Assert.Equal([urban.Id], listed.Select(d => d.Id));
        var account = await (await client.GetAsync("/api/v1/admin/accounts?role=departmentStaff")).ReadAsync<Paged<Volunteer.Api.Admin.AccountResponse>>();
        Assert.Equal([(urban.StaffId, (Guid?)urban.Id)], account.Items.Select(a => (a.Id, a.DepartmentId)));
    }
}

public sealed class EscalationOnPostgres(PostgresApi api) : EscalationTests(api), IClassFixture<PostgresApi>;

public sealed class EscalationOnSqlite(SqliteApi api) : EscalationTests(api), IClassFixture<SqliteApi>;
