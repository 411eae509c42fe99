using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Api.Auth;
using Volunteer.Api.Reports;
using Volunteer.Domain.Common;
using Volunteer.Domain.Privacy;
using Volunteer.Infrastructure.Privacy;
using Volunteer.Infrastructure.Reports;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Trust;

/// <summary>
/// Sign-in records (登录记录): the "one device or address signing in many members" lead, and the
/// records as personal data — exported, erased, and kept for a limited time only.
/// </summary>
public abstract class SignInRecordTests(ApiFactory api)
{
    private async Task SignInAsync(Person resident, string? deviceId = null, string? peer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/wechat")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { code = "dev-" + resident.Member.OpenId }), System.Text.Encoding.UTF8, "application/json"),
        };
        if (deviceId is not null)
            request.Headers.Add("X-Device-Id", deviceId);
        if (peer is not null)
            request.Headers.Add(PeerAddress.Header, peer);
        await (await api.Client().SendAsync(request)).ReadAsync<SignInResponse>();
    }

    private async Task<IReadOnlyList<AnomalyFinding>> SharedSignInFindingsAsync(string token) =>
        (await (await api.Client(token).GetAsync($"/api/v1/reports/anomalies?period={Period.Of(api.Clock.GetUtcNow())}"))
            .ReadAsync<AnomalyReportResponse>()).Findings.Where(f => f.Rule == AnomalyRules.SharedSignIn).ToList();

    [Fact]
    public async Task One_device_signing_in_five_members_is_a_finding_that_names_them_and_four_are_not()
    {
        var place = await api.NewCommunityAsync();
        var shared = new List<Person>();
        for (var i = 0; i < 5; i++)
            shared.Add(await api.NewResidentAsync(place));
        var family = new List<Person>();
        for (var i = 0; i < 4; i++)
            family.Add(await api.NewResidentAsync(place));
        var device = "phone-" + Guid.NewGuid().ToString("N");
        foreach (var resident in shared)
        {
            await SignInAsync(resident, device);
            await SignInAsync(resident, device); // signing in again is still one member
        }
        var familyPhone = "phone-" + Guid.NewGuid().ToString("N");
        foreach (var resident in family)
            await SignInAsync(resident, familyPhone);

        var finding = Assert.Single(await SharedSignInFindingsAsync(place.StaffToken));

        Assert.Equal(shared.Select(p => p.Id).Order(), finding.MemberIds);
        Assert.Equal(place.CommunityId, finding.CommunityId);
        Assert.Empty(finding.ClaimIds);
        Assert.Contains("5 位居民", finding.What);
        Assert.DoesNotContain(device, JsonSerializer.Serialize(finding));
        // Staff of another community see nothing of it; the street's admin does.
        var elsewhere = await api.NewCommunityAsync(place.StreetId);
        Assert.Empty(await SharedSignInFindingsAsync(elsewhere.StaffToken));
        var admin = await api.NewAdminAsync(place.StreetId);
        Assert.Contains(await SharedSignInFindingsAsync(admin.Token), f => f.MemberIds.SequenceEqual(finding.MemberIds));
    }

    [Fact]
    public async Task One_address_signing_in_five_members_is_a_finding_showing_only_its_network()
    {
        var place = await api.NewCommunityAsync();
        var peer = $"203.0.113.{Random.Shared.Next(1, 250)}";
        var residents = new List<Person>();
        for (var i = 0; i < 5; i++)
        {
            residents.Add(await api.NewResidentAsync(place));
            await SignInAsync(residents[^1], peer: peer);
        }

        var finding = Assert.Single(await SharedSignInFindingsAsync(place.StaffToken));

        Assert.Equal(residents.Select(p => p.Id).Order(), finding.MemberIds);
        Assert.Contains("203.0.113.0/24", finding.What);
        Assert.DoesNotContain(peer + " ", finding.What + " ");
    }

    [Fact]
    public async Task Sign_ins_are_in_the_export_and_gone_after_erasure()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);
        var other = await api.NewResidentAsync(place);
        await SignInAsync(resident, "my-phone", "198.51.100.40");
        await SignInAsync(resident, null, "198.51.100.41");
        await SignInAsync(other, "my-phone");
        var me = api.Client(resident.Token);

        var export = JsonDocument.Parse(await (await me.GetAsync("/api/v1/me/export")).Content.ReadAsStringAsync()).RootElement;

        var signIns = export.GetProperty("signIns").EnumerateArray().ToList();
        Assert.Equal(2, signIns.Count);
        Assert.All(signIns, s => Assert.Equal("198.51.100.0/24", s.GetProperty("network").GetString()));
        Assert.Equal(32, signIns[0].GetProperty("deviceHash").GetString()!.Length);
        Assert.Equal(JsonValueKind.Null, signIns[1].GetProperty("deviceHash").ValueKind);

        await (await me.DeleteAsync("/api/v1/me")).ShouldBeAsync(HttpStatusCode.NoContent);

        Assert.Equal(0, await api.DbAsync(db => db.Set<SignInRecord>().CountAsync(r => r.MemberId == resident.Id)));
        Assert.Equal(1, await api.DbAsync(db => db.Set<SignInRecord>().CountAsync(r => r.MemberId == other.Id)));
    }

    [Fact]
    public async Task Records_older_than_the_retention_are_deleted_by_the_expiry_job()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);
        await SignInAsync(resident, "old-phone");
        var now = api.Clock.GetUtcNow();
        var retention = TimeSpan.FromDays(62); // SignIns:RetentionDays, as documented

        Assert.Equal(0, await SweepAsync(now + retention - TimeSpan.FromMinutes(1)));
        Assert.Equal(1, await api.DbAsync(db => db.Set<SignInRecord>().CountAsync(r => r.MemberId == resident.Id)));

        Assert.True(await SweepAsync(now + retention + TimeSpan.FromMinutes(1)) >= 1);
        Assert.Equal(0, await api.DbAsync(db => db.Set<SignInRecord>().CountAsync(r => r.MemberId == resident.Id)));
    }

    /// <summary>The expiry job's sign-in step, at a moment of the test's choosing.</summary>
    private async Task<int> SweepAsync(DateTimeOffset at)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var sweep = Assert.Single(scope.ServiceProvider.GetServices<Volunteer.Infrastructure.Jobs.IExpirySweep>(), s => s.Name == "sign-in-records");
        return await sweep.SweepAsync(at, CancellationToken.None);
    }
}

public sealed class SignInRecordsOnPostgres(PostgresApi api) : SignInRecordTests(api), IClassFixture<PostgresApi>;

public sealed class SignInRecordsOnSqlite(SqliteApi api) : SignInRecordTests(api), IClassFixture<SqliteApi>;
