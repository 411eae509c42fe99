using System.Net;
using Volunteer.Api.Partners;
using Volunteer.Domain.Partners;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>
/// Found by using the API as a new user would: a partner's public page, and months and dates far off
/// in the calendar. Each answers as documented on both databases, never a 500.
/// </summary>
public abstract class CalendarAndPartnerDetailTests(ApiFactory api)
{
    [Fact]
    public async Task A_partners_page_lists_the_communities_it_serves_by_name()
    {
        var place = await api.NewCommunityAsync();
        var second = await api.NewCommunityAsync(place.StreetId);
        var shop = await api.NewShopAsync(place, PartnerKind.Supermarket);
        var admin = await api.NewAdminAsync(place.StreetId);
        var today = CoBuildingAgreement.Today(api.Clock.GetUtcNow());
        await (await api.Client(admin.Token).PutJsonAsync($"/api/v1/admin/partners/{shop.Id}/communities/{second.CommunityId}",
            new { startsOn = today, endsOn = today.AddMonths(6) })).ShouldBeAsync(HttpStatusCode.Created);
        var resident = await api.NewResidentAsync(place);

        var page = await (await api.Client(resident.Token).GetAsync($"/api/v1/partners/{shop.Id}")).ReadAsync<PublicPartnerResponse>();

        Assert.Equal((shop.Id, PartnerKind.Supermarket), (page.Partner.Id, page.Partner.Kind));
        var names = await api.DbAsync(db => Task.FromResult(db.Communities.Where(c => c.Id == place.CommunityId || c.Id == second.CommunityId)
            .Select(c => c.Name).AsEnumerable().Order(StringComparer.Ordinal).ToList()));
        Assert.Equal(names, page.Communities.Select(c => c.Name).ToList());
        Assert.Equal(today.AddMonths(6), page.Communities.Single(c => c.CommunityId == second.CommunityId).EndsOn);
        // Staff and admins read it too.
        await (await api.Client(place.StaffToken).GetAsync($"/api/v1/partners/{shop.Id}")).ShouldBeAsync(HttpStatusCode.OK);
        await (await api.Client(admin.Token).GetAsync($"/api/v1/partners/{shop.Id}")).ShouldBeAsync(HttpStatusCode.OK);
    }

    public static TheoryData<string, string> FarOffMonths => new()
    {
        { "9999-12", "period.outOfRange" },
        { "3000-01", "period.outOfRange" },
        { "1999-12", "period.outOfRange" },
        { "0000-01", "period.outOfRange" },
        { "2026-13", "period.invalid" },
        { "+202-10", "period.invalid" },
        { "2026/10", "period.invalid" },
    };

    [Theory]
    [MemberData(nameof(FarOffMonths))]
    public async Task Every_period_parameter_refuses_a_month_outside_the_calendar_with_400(string period, string code)
    {
        var place = await api.NewCommunityAsync();
        var shop = await api.NewShopAsync(place);
        var resident = await api.NewResidentAsync(place);
        var admin = api.Client((await api.NewAdminAsync(place.StreetId)).Token);
        var platform = api.Client((await api.NewAdminAsync(null)).Token);
        var month = Uri.EscapeDataString(period);

        var refused = new List<HttpResponseMessage>
        {
            await api.Client(shop.Token).GetAsync($"/api/v1/partner/settlements?period={month}"),
            await api.Client(shop.Token).GetAsync($"/api/v1/partner/settlements?period={month}&format=csv"),
            await api.Client(resident.Token).GetAsync($"/api/v1/rankings?period={month}"),
            await api.Client(resident.Token).GetAsync($"/api/v1/honors?period={month}&communityId={place.CommunityId}"),
            await api.Client(resident.Token).GetAsync($"/api/v1/communities/{place.CommunityId}/board?period={month}"),
            await admin.GetAsync($"/api/v1/reports/dual-evaluation?period={month}"),
            await admin.GetAsync($"/api/v1/reports/dual-evaluation.csv?period={month}"),
            await admin.GetAsync($"/api/v1/admin/jobs?period={month}"),
            await platform.PostJsonAsync("/api/v1/admin/jobs/monthly-ranking/runs", new { period }),
        };

        foreach (var response in refused)
        {
            var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
            Assert.Equal(code, problem.Code);
            Assert.Contains("period", problem.Errors!.Keys);
        }
    }

    [Fact]
    public async Task Dates_and_times_outside_the_calendar_are_refused_with_400_and_nothing_is_saved()
    {
        var place = await api.NewCommunityAsync();
        var shop = await api.NewShopAsync(place);
        var admin = await api.NewAdminAsync(place.StreetId);
        var resident = await api.NewResidentAsync(place);
        var staff = api.Client(place.StaffToken);

        await api.ChangesNothingAsync(async () =>
        {
            await RefusedAsync(await staff.GetAsync("/api/v1/tasks?date=0001-01-01"), "date");
            await RefusedAsync(await staff.GetAsync("/api/v1/tasks?date=9999-12-31"), "date");
            await RefusedAsync(await staff.PostJsonAsync("/api/v1/tasks", new
            {
                title = "千年之约", category = "environment", slots = 1, points = 1,
                startsAt = "9999-12-31T00:00:00+00:00", endsAt = "9999-12-31T08:00:00+00:00",
            }), "startsAt");
            await RefusedAsync(await api.Client(resident.Token).PostJsonAsync("/api/v1/needs", new
            {
                title = "帮忙修水管", category = "elderlyCare", preferredStartsAt = "9999-12-31T20:00:00+08:00",
            }), "preferredStartsAt");
            await RefusedAsync(await api.Client(shop.Token).PostJsonAsync("/api/v1/rewards", new
            {
                title = "永久会员", pointsCost = 10, stock = 1, perMemberLimit = 1,
                validFrom = "9999-01-01T00:00:00+00:00", validUntil = "9999-12-31T00:00:00+00:00",
                communityIds = new[] { place.CommunityId },
            }), "validFrom");
            // Ten years from 9995 would run past the end of the calendar.
            await RefusedAsync(await api.Client(admin.Token).PutJsonAsync($"/api/v1/admin/partners/{shop.Id}/communities/{place.CommunityId}",
                new { startsOn = "9995-01-01", endsOn = "9999-12-31" }), "startsOn");
        });
        Assert.Equal(0, await api.DbAsync(db => Task.FromResult(db.Rewards.Count(r => r.PartnerId == shop.Id))));
        var agreement = await api.DbAsync(db => Task.FromResult(db.CoBuildingAgreements.Single(a => a.PartnerId == shop.Id)));
        Assert.True(agreement.EndsOn.Year < 2100, "the agreement kept its dates");
    }

    private static async Task RefusedAsync(HttpResponseMessage response, string field)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(("date.outOfRange", true), (problem.Code, problem.Errors!.ContainsKey(field)));
    }
}

public sealed class CalendarAndPartnerDetailOnPostgres(PostgresApi api) : CalendarAndPartnerDetailTests(api), IClassFixture<PostgresApi>;

public sealed class CalendarAndPartnerDetailOnSqlite(SqliteApi api) : CalendarAndPartnerDetailTests(api), IClassFixture<SqliteApi>;
