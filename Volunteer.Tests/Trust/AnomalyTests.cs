using System.Net;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Needs;
using Volunteer.Api.Reports;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Reports;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Trust;

/// <summary>Each anomaly rule on a case built for it, seen by the community's staff and nobody else's.</summary>
public abstract class AnomalyTests(ApiFactory api)
{
    private async Task VerifyAsync(Place place, Guid claimId) =>
        await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/claims/{claimId}/verify", new { approved = true })).ShouldBeAsync(HttpStatusCode.OK);

    private async Task<AnomalyReportResponse> ReportAsync(string token) =>
        await (await api.Client(token).GetAsync($"/api/v1/reports/anomalies?period={Period.Of(api.Clock.GetUtcNow())}")).ReadAsync<AnomalyReportResponse>();

    [Fact]
    public async Task A_check_out_seconds_after_check_in_is_a_finding_and_a_normal_service_is_not()
    {
        var place = await api.NewCommunityAsync();
        var quick = await api.NewResidentAsync(place);
        var steady = await api.NewResidentAsync(place);
        var task = await api.PublishTaskAsync(place);
        var hurried = await api.ServeAsync(place, quick.Token, task, TimeSpan.FromSeconds(20));
        var normal = await api.ServeAsync(place, steady.Token, task, TimeSpan.FromMinutes(40));
        await VerifyAsync(place, hurried.Id);
        await VerifyAsync(place, normal.Id);

        var report = await ReportAsync(api.TokenFor(place.Staff));

        var finding = Assert.Single(report.Findings, f => f.Rule == AnomalyRules.ImplausibleDuration);
        Assert.Equal((quick.Id, hurried.Id), (finding.MemberId!.Value, Assert.Single(finding.ClaimIds)));
        var elsewhere = await api.NewCommunityAsync(place.StreetId);
        Assert.DoesNotContain((await ReportAsync(elsewhere.StaffToken)).Findings, f => f.CommunityId == place.CommunityId);
        var admin = await api.NewAdminAsync(place.StreetId);
        Assert.Contains((await ReportAsync(admin.Token)).Findings, f => f.ClaimIds.Contains(hurried.Id));
        await (await api.Client(quick.Token).GetAsync($"/api/v1/reports/anomalies?period={Period.Of(api.Clock.GetUtcNow())}"))
            .ShouldBeAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_claim_verified_by_the_staff_account_that_registered_the_volunteer_is_a_finding()
    {
        var place = await api.NewCommunityAsync();
        var registered = await (await api.Client(place.StaffToken).PostJsonAsync("/api/v1/members", new { name = "周强" }))
            .ReadAsync<Volunteer.Api.Members.MemberResponse>(HttpStatusCode.Created);
        var member = await api.DbAsync(db => db.Members.AsNoTracking().SingleAsync(m => m.Id == registered.Id));
        var other = await api.NewResidentAsync(place);
        var task = await api.PublishTaskAsync(place);
        var linked = await api.ServeAsync(place, api.TokenFor(member), task, TimeSpan.FromMinutes(30));
        var unlinked = await api.ServeAsync(place, other.Token, task, TimeSpan.FromMinutes(30));
        await VerifyAsync(place, linked.Id);
        await VerifyAsync(place, unlinked.Id);

        var findings = (await ReportAsync(api.TokenFor(place.Staff))).Findings.Where(f => f.Rule == AnomalyRules.LinkedVerifier).ToList();

        Assert.Equal([linked.Id], findings.SelectMany(f => f.ClaimIds));
    }

    [Fact]
    public async Task One_requester_and_one_volunteer_far_above_the_communitys_usual_pairs_is_a_finding()
    {
        var place = await api.NewCommunityAsync();
        var elder = await api.NewResidentAsync(place);
        var regular = await api.NewResidentAsync(place);
        var others = new[] { await api.NewResidentAsync(place), await api.NewResidentAsync(place) };
        var pairClaims = new List<Guid>();
        for (var i = 0; i < 3; i++)
            pairClaims.Add(await ServeNeedAsync(place, elder, regular));
        foreach (var other in others)
            await ServeNeedAsync(place, await api.NewResidentAsync(place), other);

        var finding = Assert.Single((await ReportAsync(api.TokenFor(place.Staff))).Findings, f => f.Rule == AnomalyRules.FrequentPair);

        Assert.Equal(regular.Id, finding.MemberId);
        Assert.Equal(pairClaims.Order(), finding.ClaimIds.Order());
    }

    [Fact]
    public async Task Points_far_above_the_communitys_distribution_are_a_finding()
    {
        var place = await api.NewCommunityAsync();
        var residents = new List<Person>();
        for (var i = 0; i < 5; i++)
            residents.Add(await api.NewResidentAsync(place));
        foreach (var (resident, amount) in residents.Zip([10, 12, 8, 10, 400]))
            await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/members/{resident.Id}/points/adjustments", new { amount, reason = "补录" }))
                .ShouldBeAsync(HttpStatusCode.Created);

        var finding = Assert.Single((await ReportAsync(api.TokenFor(place.Staff))).Findings, f => f.Rule == AnomalyRules.OutlierPoints);

        Assert.Equal(residents[4].Id, finding.MemberId);
    }

    private async Task<Guid> ServeNeedAsync(Place place, Person requester, Person volunteer)
    {
        var need = await (await api.Client(requester.Token).PostJsonAsync("/api/v1/needs", new { title = "买菜", category = "elderlyCare", address = "东门大街 2 号" }))
            .ReadAsync<NeedResponse>(HttpStatusCode.Created);
        var now = api.Clock.GetUtcNow();
        var approved = await (await api.Client(api.TokenFor(place.Staff)).PostJsonAsync($"/api/v1/needs/{need.Id}/approve",
            new { slots = 1, points = 10, startsAt = now.AddMinutes(-10), endsAt = now.AddHours(3) })).ReadAsync<ApprovedNeedResponse>(HttpStatusCode.Created);
        var claim = await api.ServeAsync(place with { StaffToken = api.TokenFor(place.Staff) }, volunteer.Token, approved.Task.Id, TimeSpan.FromMinutes(30));
        await VerifyAsync(place with { StaffToken = api.TokenFor(place.Staff) }, claim.Id);
        return claim.Id;
    }
}

public sealed class AnomaliesOnPostgres(PostgresApi api) : AnomalyTests(api), IClassFixture<PostgresApi>;

public sealed class AnomaliesOnSqlite(SqliteApi api) : AnomalyTests(api), IClassFixture<SqliteApi>;
