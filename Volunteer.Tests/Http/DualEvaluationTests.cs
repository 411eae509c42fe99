using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Reports;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Tests.Support;
using static Volunteer.Tests.Support.Activity;

namespace Volunteer.Tests.Http;

/// <summary>双评议: in-service party members' verified service at home, by work unit, downloadable by the street's admins.</summary>
public abstract class DualEvaluationTests(ApiFactory api)
{
    [Fact]
    public async Task The_report_lists_each_in_service_party_members_service_at_home_by_work_unit_and_downloads_as_csv()
    {
        var period = new Period(2025, 12);
        var home = await api.NewCommunityAsync();
        var elsewhere = await api.NewCommunityAsync(home.StreetId);
        var admin = await api.NewAdminAsync(home.StreetId);

        var doctor = await PartyMemberAsync(home, "李明", "丹阳市人民医院", inService: true);
        var nurse = await PartyMemberAsync(home, "王芳", "丹阳市人民医院", inService: true);
        var banker = await PartyMemberAsync(home, "=HYPERLINK(\"x\")", "农商银行, 云阳支行", inService: true);
        var retired = await PartyMemberAsync(home, "赵磊", null, inService: false);
        var resident = await api.NewResidentAsync(home, name: "张伟");

        await api.VerifiedServiceAsync(home, doctor, Cst(2025, 12, 3, 10), minutes: 90, stars: 5);
        await api.VerifiedServiceAsync(home, doctor, Cst(2025, 12, 20, 10), minutes: 60, stars: 4);
        await api.VerifiedServiceAsync(home, doctor, Cst(2025, 12, 28, 10), minutes: 30);
        await api.VerifiedServiceAsync(elsewhere, doctor, Cst(2025, 12, 5, 10), minutes: 120, stars: 5); // not at home
        await api.VerifiedServiceAsync(home, doctor, Cst(2026, 1, 1, 2), minutes: 120, stars: 1);        // next month
        await api.VerifiedServiceAsync(home, banker, Cst(2025, 12, 31, 22), minutes: 45, stars: 3);
        await api.VerifiedServiceAsync(home, retired, Cst(2025, 12, 6, 10), minutes: 60);
        await api.VerifiedServiceAsync(home, resident, Cst(2025, 12, 6, 10), minutes: 60);

        var homeName = await api.DbAsync(db => db.Communities.Where(c => c.Id == home.CommunityId).Select(c => c.Name).SingleAsync());
        var adminClient = api.Client(admin.Token);
        var url = $"/api/v1/reports/dual-evaluation?period={period}";
        Assert.Equal("report.notReady", (await (await adminClient.GetAsync(url)).ProblemAsync(HttpStatusCode.NotFound)).Code);
        // The job spans every street: a platform admin runs it; the street's admin reads the result.
        await (await api.Client((await api.NewAdminAsync(null)).Token).PostJsonAsync("/api/v1/admin/jobs/dual-evaluation/runs", new { period = period.ToString() }))
            .ShouldBeAsync(HttpStatusCode.OK);

        var report = await (await adminClient.GetAsync(url)).ReadAsync<DualEvaluationResponse>();
        var units = report.Units.Where(u => u.Items.Any(m => m.CommunityName == homeName)).ToList();
        Assert.Equal(["丹阳市人民医院", "农商银行, 云阳支行"], units.Select(u => u.WorkUnit).ToList());
        var hospital = units[0];
        Assert.Equal((2, 3, 3m), (hospital.Members, hospital.Tasks, hospital.Hours));
        Assert.Equal([("李明", 3, 3m, 2, (decimal?)4.5m), ("王芳", 0, 0m, 0, null)],
            hospital.Items.Select(m => (m.Name, m.Tasks, m.Hours, m.RatingCount, m.AverageRating)).ToList());
        Assert.Equal(("=HYPERLINK(\"x\")", 1, 0.75m, (decimal?)3.0m),
            (units[1].Items.Single().Name, units[1].Items.Single().Tasks, units[1].Items.Single().Hours, units[1].Items.Single().AverageRating));
        Assert.DoesNotContain(report.Units.SelectMany(u => u.Items), m => m.MemberId == retired.Id || m.MemberId == resident.Id);

        // The CSV: UTF-8 with a BOM, a header, one line per member, cells a spreadsheet will not run.
        var download = await adminClient.GetAsync($"/api/v1/reports/dual-evaluation.csv?period={period}&workUnit=丹阳市人民医院");
        await download.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("text/csv", download.Content.Headers.ContentType!.MediaType);
        Assert.Contains(".csv", download.Content.Headers.ContentDisposition!.FileNameStar);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("工作单位,姓名,所在党支部,居住社区,服务次数,服务时长（小时）,评价次数,平均评分,认领微心愿", lines[0]);
        Assert.Equal($"丹阳市人民医院,李明,第一党支部,{homeName},3,3,2,4.5,0", lines[1]);
        Assert.Equal($"丹阳市人民医院,王芳,第一党支部,{homeName},0,0,0,,0", lines[2]);
        var all = Encoding.UTF8.GetString((await (await adminClient.GetAsync($"/api/v1/reports/dual-evaluation.csv?period={period}")).Content.ReadAsByteArrayAsync())[3..]);
        Assert.Contains($"\"农商银行, 云阳支行\",\"'=HYPERLINK(\"\"x\"\")\",第一党支部,{homeName},1,0.75,1,3.0,0", all);

        // Only the street's admins; the month must have ended.
        var otherAdmin = await api.NewAdminAsync((await api.NewCommunityAsync()).StreetId);
        Assert.Equal("street.forbidden", (await (await api.Client(otherAdmin.Token).GetAsync(url + $"&streetId={home.StreetId}"))
            .ProblemAsync(HttpStatusCode.Forbidden)).Code);
        await (await api.Client(home.StaffToken).GetAsync(url)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await api.Client(doctor.Token).GetAsync(url.Replace("dual-evaluation", "dual-evaluation.csv"))).ProblemAsync(HttpStatusCode.Forbidden);
        var platform = await api.NewAdminAsync(null);
        await (await api.Client(platform.Token).GetAsync(url)).ProblemAsync(HttpStatusCode.BadRequest);
        await (await api.Client(platform.Token).GetAsync(url + $"&streetId={home.StreetId}")).ShouldBeAsync(HttpStatusCode.OK);
        await (await adminClient.GetAsync($"/api/v1/reports/dual-evaluation?period={Period.Of(api.Clock.GetUtcNow())}"))
            .ProblemAsync(HttpStatusCode.BadRequest);

        // Compiled once: later changes do not alter it.
        // The job spans every street: a platform admin runs it; the street's admin reads the result.
        await (await api.Client((await api.NewAdminAsync(null)).Token).PostJsonAsync("/api/v1/admin/jobs/dual-evaluation/runs", new { period = period.ToString() })).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(1, (await api.RunOfAsync(JobName.DualEvaluation, period))!.Attempts);
    }

    private async Task<Person> PartyMemberAsync(Place home, string name, string? workUnit, bool inService)
    {
        var person = await api.NewResidentAsync(home, name: name);
        await api.DbAsync(async db =>
        {
            var member = await db.Members.SingleAsync(m => m.Id == person.Id);
            member.DeclarePartyMembership("第一党支部", workUnit, inService);
            member.ConfirmPartyMembership(home.Staff.Id, api.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        });
        return person;
    }
}

public sealed class DualEvaluationOnPostgres(PostgresApi api) : DualEvaluationTests(api), IClassFixture<PostgresApi>;

public sealed class DualEvaluationOnSqlite(SqliteApi api) : DualEvaluationTests(api), IClassFixture<SqliteApi>;
