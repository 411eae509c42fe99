using System.Net;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Reports;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Points;
using Volunteer.Domain.Satisfaction;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Points;
using Volunteer.Tests.Support;
using static Volunteer.Tests.Support.Activity;

namespace Volunteer.Tests.Governance;

/// <summary>统计报表 checked against a street whose month was built by hand.</summary>
public abstract class StatisticsTests(ApiFactory api)
{
    private sealed record World(Place A, Place B, StaffPerson Admin, Person Resident);

    /// <summary>
    /// March 2025 in community A: volunteers v1 (120 + 90 + 30 min) and v2 (60 min), 40 points, ratings 5★ and 3★; four needs
    /// (two served after 6 h and 24 h and rated 满意 / 基本满意, one pending, one rejected); a bonus of 50; a survey answered 满意 and
    /// 不满意. Households: the elder's (elder + spouse) and three residents in none. Community B: one volunteer, 60 min, 10 points.
    /// February: v1 60 min more (only in the year). Another street has service too.
    /// </summary>
    private async Task<World> BuildAsync()
    {
        var a = await api.NewCommunityAsync();
        var b = await api.NewCommunityAsync(a.StreetId);
        var elsewhere = await api.NewCommunityAsync();
        var admin = await api.NewAdminAsync(a.StreetId);
        var v1 = await api.NewResidentAsync(a);
        var v2 = await api.NewResidentAsync(a);
        var elder = await api.NewResidentAsync(a);
        var spouse = await api.NewResidentAsync(a);
        var other = await api.NewResidentAsync(a);
        await api.NewHouseholdAsync(a, "1栋101", elder, spouse);
        var w = await api.NewResidentAsync(b);
        var far = await api.NewResidentAsync(elsewhere);

        await api.VerifiedServiceAsync(a, v1, Cst(2025, 3, 10, 12), 120, stars: 5);
        await api.VerifiedServiceAsync(a, v2, Cst(2025, 3, 11, 12), 60, stars: 3);
        await api.VerifiedServiceAsync(a, v1, Cst(2025, 2, 11, 12), 60);
        await api.VerifiedServiceAsync(b, w, Cst(2025, 3, 12, 12), 60);
        await api.VerifiedServiceAsync(elsewhere, far, Cst(2025, 3, 12, 12), 200, stars: 1);

        await ServedNeedAsync(a, elder, v1, TaskCategory.ElderlyCare, Cst(2025, 3, 5, 9), Cst(2025, 3, 5, 15), 90, SatisfactionLevel.Satisfied);
        await ServedNeedAsync(a, other, v1, TaskCategory.ElderlyCare, Cst(2025, 3, 10, 8), Cst(2025, 3, 11, 8), 30, SatisfactionLevel.BasicallySatisfied);
        await NeedAsync(a, other, TaskCategory.Environment, Cst(2025, 3, 12, 9), reject: false);
        await NeedAsync(a, other, TaskCategory.LegalAid, Cst(2025, 3, 13, 9), reject: true);
        await NeedAsync(a, other, TaskCategory.LegalAid, Cst(2025, 4, 1, 9), reject: false);

        await api.DbAsync(db => db.InTransactionAsync(async () =>
        {
            await new PointsLedger(db).PostAsync(LedgerEntry.Create(v2.Id, LedgerEntryKind.Bonus, 50, 0, Guid.NewGuid(), "表彰奖励：测试", admin.Id,
                a.CommunityId, null, Cst(2025, 3, 20)), default);
            return 0;
        }, default));

        await api.DbAsync(async db =>
        {
            var survey = Survey.Open(a.StreetId, a.CommunityId, "一季度满意度调查", null, Cst(2025, 3, 1), Cst(2025, 3, 31), a.Staff.Id, Cst(2025, 2, 28));
            db.Surveys.Add(survey);
            var household = await db.Members.Where(m => m.Id == elder.Id).Select(m => m.HouseholdId).SingleAsync();
            db.SurveyAnswers.Add(survey.Answer(spouse.Id, a.CommunityId, household, SatisfactionLevel.Satisfied, "满意", Cst(2025, 3, 15)));
            db.SurveyAnswers.Add(survey.Answer(other.Id, a.CommunityId, null, SatisfactionLevel.Dissatisfied, null, Cst(2025, 3, 16)));
            await db.SaveChangesAsync();
        });
        return new World(a, b, admin, elder);
    }

    [Fact]
    public async Task A_street_admin_sees_each_community_and_the_street_for_a_month_in_json_and_xlsx()
    {
        var world = await BuildAsync();
        var report = await (await api.Client(world.Admin.Token).GetAsync("/api/v1/reports/statistics?period=2025-03")).ReadAsync<StatisticsResponse>();
        Assert.Equal(("2025-03", Cst(2025, 3, 1), Cst(2025, 4, 1), (Guid?)null), (report.Period, report.From, report.To, report.CommunityId));
        Assert.Equal(new[] { world.A.CommunityId, world.B.CommunityId }.Order(), report.Communities.Select(c => c.CommunityId!.Value).Order());

        var a = report.Communities.Single(c => c.CommunityId == world.A.CommunityId);
        Assert.Equal((2, 4, 2, 50.0m), (a.Participation.ActiveVolunteers, a.Participation.Households, a.Participation.HouseholdsServed,
            a.Participation.HouseholdsServedShare));
        Assert.Equal((5.00m, 40, 50), (a.ServiceHours, a.Points, a.BonusPoints));
        Assert.Equal(4, a.Needs.Posted);
        Assert.Equal([(NeedStatus.Pending, 1), (NeedStatus.Approved, 2), (NeedStatus.Rejected, 1), (NeedStatus.Withdrawn, 0), (NeedStatus.Escalated, 0)],
            a.Needs.ByState.Select(s => (s.State, s.Count)).ToList());
        Assert.Equal([(TaskCategory.ElderlyCare, 2), (TaskCategory.Environment, 1), (TaskCategory.LegalAid, 1)],
            a.Needs.ByCategory.Select(c => (c.Category, c.Count)).ToList());
        Assert.Equal((2, (double?)15.0), (a.TimeToService.NeedsServed, a.TimeToService.MedianHours));
        Assert.Equal((2, (decimal?)4.0m), (a.Satisfaction.Claims.Count, a.Satisfaction.Claims.AverageStars));
        Assert.Equal([0, 0, 1, 0, 1], a.Satisfaction.Claims.CountByStars);
        Assert.Equal((1, 1, 0, (decimal?)50.0m), (a.Satisfaction.Needs.Satisfied, a.Satisfaction.Needs.BasicallySatisfied, a.Satisfaction.Needs.Dissatisfied,
            a.Satisfaction.Needs.SatisfiedShare));
        Assert.Equal((1, 1, 0, 1, (decimal?)50.0m), (a.Satisfaction.Surveys.Surveys, a.Satisfaction.Surveys.Answers.Satisfied,
            a.Satisfaction.Surveys.Answers.BasicallySatisfied, a.Satisfaction.Surveys.Answers.Dissatisfied, a.Satisfaction.Surveys.Answers.DissatisfiedShare));

        var b = report.Communities.Single(c => c.CommunityId == world.B.CommunityId);
        Assert.Equal((1, 1, 0, 1.00m, 10, 0), (b.Participation.ActiveVolunteers, b.Participation.Households, b.Participation.HouseholdsServed,
            b.ServiceHours, b.Points, b.Needs.Posted));
        Assert.Null(b.TimeToService.MedianHours);
        Assert.Null(b.Satisfaction.Needs.SatisfiedShare);

        // The street: sums, people counted once, the median over all; the other street's service is not in it.
        var t = report.Total;
        Assert.Equal((3, 5, 2, 6.00m, 50, 50, 4, (double?)15.0, 2), (t.Participation.ActiveVolunteers, t.Participation.Households,
            t.Participation.HouseholdsServed, t.ServiceHours, t.Points, t.BonusPoints, t.Needs.Posted, t.TimeToService.MedianHours, t.Satisfaction.Claims.Count));

        // The workbook holds the same figures.
        var response = await api.Client(world.Admin.Token).GetAsync("/api/v1/reports/statistics.xlsx?period=2025-03");
        await response.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(StatisticsWorkbook.ContentType, response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true, sheetName: StatisticsWorkbook.Sheet)
            .Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(3, rows.Count);
        var aRow = rows.Single(r => (string?)r["社区"] == a.Name);
        Assert.Equal((2m, 5m, 40m, 50m, 15m, 50m), (Number(aRow["活跃志愿者"]), Number(aRow["服务时长（小时）"]), Number(aRow["积分"]),
            Number(aRow["受服务户占比（%）"]), Number(aRow["需求到服务中位时长（小时）"]), Number(aRow["需求满意率（%）"])));
        var total = rows.Single(r => (string?)r["社区"] == "合计");
        Assert.Equal((3m, 6m, 50m), (Number(total["活跃志愿者"]), Number(total["服务时长（小时）"]), Number(total["积分"])));
        var categories = MiniExcelLibs.MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true, sheetName: StatisticsWorkbook.CategorySheet)
            .Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(3, categories.Count);
    }

    [Fact]
    public async Task A_streets_month_carries_each_departments_escalations_as_the_escalation_report_does()
    {
        var place = await api.NewCommunityAsync();
        var admin = await api.NewAdminAsync(place.StreetId);
        var chengguan = await api.NewDepartmentAsync(admin, "城管" + Guid.NewGuid().ToString("N")[..6]);
        var zhujian = await api.NewDepartmentAsync(admin, "住建" + Guid.NewGuid().ToString("N")[..6]);
        var resident = await api.NewResidentAsync(place);
        var first = await api.EscalatedNeedAsync(place, resident, "夜市占道");
        var second = await api.EscalatedNeedAsync(place, resident, "楼道堆物");
        await api.DispatchAsync(admin, first.Id, api.Clock.GetUtcNow().AddDays(2), chengguan, zhujian);
        await api.DispatchAsync(admin, second.Id, api.Clock.GetUtcNow().AddDays(2), chengguan);
        await api.AcknowledgeAsync(chengguan, first.Id);
        await api.ResolveAsync(chengguan, first.Id);
        var period = Volunteer.Domain.Common.Period.Of(api.Clock.GetUtcNow()).ToString();

        var report = await (await api.Client(admin.Token).GetAsync($"/api/v1/reports/statistics?period={period}")).ReadAsync<StatisticsResponse>();
        var escalations = await (await api.Client(admin.Token).GetAsync($"/api/v1/reports/escalations?period={period}"))
            .ReadAsync<Volunteer.Api.Escalations.EscalationStatisticsResponse>();
        Assert.NotNull(report.Escalations);
        Assert.Equal(2, report.Escalations.Raised);
        var byName = report.Escalations.Departments.ToDictionary(d => d.DepartmentName);
        Assert.Equal((2, 1, 1), (byName[chengguan.Name].Received, byName[chengguan.Name].Acknowledged, byName[chengguan.Name].Resolved));
        Assert.Equal((1, 0, 0), (byName[zhujian.Name].Received, byName[zhujian.Name].Acknowledged, byName[zhujian.Name].Resolved));
        Assert.Equal(escalations.Departments, report.Escalations.Departments);

        var bytes = await (await api.Client(admin.Token).GetAsync($"/api/v1/reports/statistics.xlsx?period={period}")).Content.ReadAsByteArrayAsync();
        var sheet = MiniExcelLibs.MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true, sheetName: StatisticsWorkbook.EscalationSheet)
            .Cast<IDictionary<string, object?>>().ToDictionary(r => (string)r["职能部门"]!);
        Assert.Equal(2m, Number(sheet[chengguan.Name]["接件"]));
        Assert.Equal(1m, Number(sheet[zhujian.Name]["接件"]));

        // One community's report, or a year, has no department figures: they are the street's, by month.
        var community = await (await api.Client(place.StaffToken).GetAsync($"/api/v1/reports/statistics?period={period}")).ReadAsync<StatisticsResponse>();
        Assert.Null(community.Escalations);
        var year = await (await api.Client(admin.Token).GetAsync($"/api/v1/reports/statistics?period={period[..4]}")).ReadAsync<StatisticsResponse>();
        Assert.Null(year.Escalations);
    }

    [Fact]
    public async Task Staff_see_their_community_and_a_year_adds_up_its_months()
    {
        var world = await BuildAsync();
        var staff = api.Client(world.A.StaffToken);
        var month = await (await staff.GetAsync("/api/v1/reports/statistics?period=2025-03")).ReadAsync<StatisticsResponse>();
        Assert.Equal(world.A.CommunityId, month.CommunityId);
        Assert.Equal(world.A.CommunityId, Assert.Single(month.Communities).CommunityId);
        Assert.Equal((2, 5.00m), (month.Total.Participation.ActiveVolunteers, month.Total.ServiceHours));

        var year = await (await staff.GetAsync("/api/v1/reports/statistics?period=2025")).ReadAsync<StatisticsResponse>();
        Assert.Equal(("2025", Cst(2025, 1, 1), Cst(2026, 1, 1)), (year.Period, year.From, year.To));
        Assert.Equal((2, 6.00m, 50, 5), (year.Total.Participation.ActiveVolunteers, year.Total.ServiceHours, year.Total.Points, year.Total.Needs.Posted));

        // Another community, another role, another street, a bad or future period.
        var other = await staff.GetAsync($"/api/v1/reports/statistics?period=2025-03&communityId={world.B.CommunityId}");
        Assert.Equal("community.forbidden", (await other.ProblemAsync(HttpStatusCode.Forbidden)).Code);
        await (await api.Client(world.Resident.Token).GetAsync("/api/v1/reports/statistics?period=2025-03")).ProblemAsync(HttpStatusCode.Forbidden);
        var stranger = await api.NewAdminAsync((await api.NewCommunityAsync()).StreetId);
        await (await api.Client(stranger.Token).GetAsync($"/api/v1/reports/statistics?period=2025-03&streetId={world.A.StreetId}"))
            .ProblemAsync(HttpStatusCode.Forbidden);
        await (await api.Client(stranger.Token).GetAsync($"/api/v1/reports/statistics.xlsx?period=2025-03&communityId={world.A.CommunityId}"))
            .ProblemAsync(HttpStatusCode.Forbidden);
        await (await staff.GetAsync("/api/v1/reports/statistics?period=2025-3")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await staff.GetAsync("/api/v1/reports/statistics")).ProblemAsync(HttpStatusCode.BadRequest);
        await (await staff.GetAsync("/api/v1/reports/statistics?period=2999")).ProblemAsync(HttpStatusCode.BadRequest);
    }

    private static decimal Number(object? cell) => Convert.ToDecimal(cell, System.Globalization.CultureInfo.InvariantCulture);

    private Task<Guid> NeedAsync(Place place, Person requester, TaskCategory category, DateTimeOffset postedAt, bool reject) => api.DbAsync(async db =>
    {
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == requester.Id);
        var need = Need.Post(member, new NeedDetails("测试需求", null, category, null, null, null), null, postedAt);
        if (reject)
            need.Reject("不属于社区服务范围", place.Staff.Id, postedAt.AddHours(1));
        db.Needs.Add(need);
        await db.SaveChangesAsync();
        return need.Id;
    });

    /// <summary>A need approved, checked in at <paramref name="servedAt"/>, verified two hours later with its points, and rated the next day.</summary>
    private Task ServedNeedAsync(Place place, Person requester, Person volunteer, TaskCategory category, DateTimeOffset postedAt, DateTimeOffset servedAt,
        int minutes, SatisfactionLevel level) => api.DbAsync(async db =>
    {
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == requester.Id);
        var need = Need.Post(member, new NeedDetails("测试需求", null, category, null, null, null), null, postedAt);
        var task = need.Approve(new TaskTerms("测试服务", null, category, 1, 10, servedAt.AddMinutes(-10), servedAt.AddHours(4), null, false, null),
            place.Staff.Id, postedAt.AddMinutes(30));
        var helper = await db.Members.AsNoTracking().SingleAsync(m => m.Id == volunteer.Id);
        var claim = task.Claim(Claimant.ForMember(helper), servedAt.AddMinutes(-5));
        claim.CheckIn(task, servedAt);
        claim.CheckOut(task, servedAt.AddMinutes(minutes));
        claim.Verify(task, place.Staff.Id, minutes, servedAt.AddHours(2));
        need.RateSatisfaction(level, null, true, requester.Id, false, servedAt.AddDays(1));
        db.AddRange(need, task, claim);
        await db.InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync();
            await new PointsLedger(db).PostAsync(LedgerEntry.ForVerifiedService(claim, task, place.GridId, servedAt.AddHours(2)), default);
            return 0;
        }, default);
    });
}

public sealed class StatisticsOnPostgres(PostgresApi api) : StatisticsTests(api), IClassFixture<PostgresApi>;

public sealed class StatisticsOnSqlite(SqliteApi api) : StatisticsTests(api), IClassFixture<SqliteApi>;
