using System.Net;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Households;
using Volunteer.Api.Http;
using Volunteer.Api.Me;
using Volunteer.Api.Members;
using Volunteer.Domain.Audit;
using Volunteer.Domain.Members;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>
/// Households (户): residents at one address unit of a community, with a head who is one of them. Staff of the
/// community manage them; household points are the members' points; a member is in at most one household.
/// </summary>
public abstract class HouseholdTests(ApiFactory api)
{
    [Fact]
    public async Task Staff_register_a_household_whose_points_are_the_sum_of_its_members_points()
    {
        var place = await api.NewCommunityAsync();
        var (father, daughter, neighbour) = (await api.NewResidentAsync(place, name: "王建国"), await api.NewResidentAsync(place, name: "王小丽"),
            await api.NewResidentAsync(place, name: "赵邻居"));
        var staff = api.Client(place.StaffToken);

        var created = await (await staff.PostJsonAsync("/api/v1/households", new { addressUnit = "  3栋 2单元   301 ", headMemberId = father.Id }))
            .ReadAsync<HouseholdResponse>(HttpStatusCode.Created);
        Assert.Equal(("3栋 2单元 301", place.CommunityId, (Guid?)father.Id), (created.AddressUnit, created.CommunityId, created.HeadMemberId));
        Assert.True(Assert.Single(created.Members).IsHead);

        var withDaughter = await (await staff.PostJsonAsync($"/api/v1/households/{created.Id}/members", new { memberId = daughter.Id }))
            .ReadAsync<HouseholdResponse>();
        Assert.Equal(["王建国", "王小丽"], withDaughter.Members.Select(m => m.Name));

        // The daughter serves (20 points), staff reward the father (5), the neighbour earns 7 outside the household.
        var taskId = await api.PublishTaskAsync(place, points: 20);
        var served = await api.ServeAsync(place, daughter.Token, taskId);
        await (await staff.PostJsonAsync($"/api/v1/claims/{served.Id}/verify", new { approved = true })).ShouldBeAsync(HttpStatusCode.OK);
        await (await staff.PostJsonAsync($"/api/v1/members/{father.Id}/points/adjustments", new { amount = 5, reason = "楼道清扫" }))
            .ShouldBeAsync(HttpStatusCode.Created);
        await (await staff.PostJsonAsync($"/api/v1/members/{neighbour.Id}/points/adjustments", new { amount = 7, reason = "文明劝导" }))
            .ShouldBeAsync(HttpStatusCode.Created);

        var detail = await (await staff.GetAsync($"/api/v1/households/{created.Id}")).ReadAsync<HouseholdResponse>();
        Assert.Equal(new HouseholdPointsResponse(25, 25, 25), detail.Points);
        Assert.Equal(new HouseholdPointsResponse(20, 20, 20), detail.Members.Single(m => m.Id == daughter.Id).Points);

        // The daughter sees her household and its points in her profile, not the others' names.
        var me = await (await api.Client(daughter.Token).GetAsync("/api/v1/me")).ReadAsync<ProfileResponse>();
        Assert.Equal((created.Id, "3栋 2单元 301", false, 2, 25), (me.Household!.Id, me.Household.AddressUnit, me.Household.IsHead,
            me.Household.MemberCount, me.Household.Points.Balance));
        var neighboursProfile = await (await api.Client(neighbour.Token).GetAsync("/api/v1/me")).ReadAsync<ProfileResponse>();
        Assert.Null(neighboursProfile.Household);

        var member = await (await staff.GetAsync($"/api/v1/members/{daughter.Id}")).ReadAsync<MemberResponse>();
        Assert.Equal(created.Id, member.HouseholdId);
        Assert.Equal(created.Id, await api.DbAsync(db => db.Members.Where(m => m.Id == father.Id).Select(m => m.HouseholdId).SingleAsync()));
    }

    [Fact]
    public async Task One_address_unit_is_one_household_per_community()
    {
        var place = await api.NewCommunityAsync();
        var other = await api.NewCommunityAsync(place.StreetId);
        await (await api.Client(place.StaffToken).PostJsonAsync("/api/v1/households", new { addressUnit = "5栋101" })).ShouldBeAsync(HttpStatusCode.Created);

        var again = await api.Client(place.StaffToken).PostJsonAsync("/api/v1/households", new { addressUnit = " 5栋101 " });
        Assert.Equal("household.addressTaken", (await again.ProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal(1, await api.DbAsync(db => db.Households.CountAsync(h => h.CommunityId == place.CommunityId)));

        // The same door number in another community is another household.
        await (await api.Client(other.StaffToken).PostJsonAsync("/api/v1/households", new { addressUnit = "5栋101" })).ShouldBeAsync(HttpStatusCode.Created);

        // Readdressing onto a taken address unit is refused too, and keeps the old one.
        var second = await (await api.Client(place.StaffToken).PostJsonAsync("/api/v1/households", new { addressUnit = "5栋102" }))
            .ReadAsync<HouseholdResponse>(HttpStatusCode.Created);
        var clash = await api.Client(place.StaffToken).PutJsonAsync($"/api/v1/households/{second.Id}", new { addressUnit = "5栋101" });
        Assert.Equal("household.addressTaken", (await clash.ProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal("5栋102", await api.DbAsync(db => db.Households.Where(h => h.Id == second.Id).Select(h => h.AddressUnit).SingleAsync()));
    }

    [Fact]
    public async Task Bad_input_is_refused_and_nothing_is_saved()
    {
        var place = await api.NewCommunityAsync();
        var staff = api.Client(place.StaffToken);
        await api.ChangesNothingAsync(async () =>
        {
            Assert.Contains("addressUnit", (await (await staff.PostJsonAsync("/api/v1/households", new { addressUnit = "  " }))
                .ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
            Assert.Contains("addressUnit", (await (await staff.PostJsonAsync("/api/v1/households", new { addressUnit = new string('室', 101) }))
                .ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
            Assert.Contains("memberId", (await (await staff.PostJsonAsync($"/api/v1/households/{Guid.NewGuid()}/members", new { }))
                .ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        });
    }

    [Fact]
    public async Task A_member_is_in_at_most_one_household_and_the_head_is_always_one_of_its_members()
    {
        var place = await api.NewCommunityAsync();
        var (head, lodger) = (await api.NewResidentAsync(place), await api.NewResidentAsync(place));
        var staff = api.Client(place.StaffToken);
        var first = await CreateAsync(staff, "1栋101", head.Id);
        var second = await CreateAsync(staff, "1栋102", null);

        var taken = await staff.PostJsonAsync($"/api/v1/households/{second.Id}/members", new { memberId = head.Id });
        Assert.Equal("household.memberInOtherHousehold", (await taken.ProblemAsync(HttpStatusCode.Conflict)).Code);

        var notMember = await staff.PutJsonAsync($"/api/v1/households/{first.Id}", new { headMemberId = lodger.Id });
        Assert.Equal("headMemberId", Assert.Single((await notMember.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys));

        await (await staff.PostJsonAsync($"/api/v1/households/{first.Id}/members", new { memberId = lodger.Id })).ShouldBeAsync(HttpStatusCode.OK);
        var renamed = await (await staff.PutJsonAsync($"/api/v1/households/{first.Id}", new { addressUnit = "1栋101室", headMemberId = lodger.Id }))
            .ReadAsync<HouseholdResponse>();
        Assert.Equal(("1栋101室", (Guid?)lodger.Id), (renamed.AddressUnit, renamed.HeadMemberId));

        // Taking the head out leaves the household without a head; then they may join another.
        var left = await (await staff.DeleteAsync($"/api/v1/households/{first.Id}/members/{lodger.Id}")).ReadAsync<HouseholdResponse>();
        Assert.Equal((null, 1), (left.HeadMemberId, left.Members.Count));
        await (await staff.PostJsonAsync($"/api/v1/households/{second.Id}/members", new { memberId = lodger.Id })).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(second.Id, await api.DbAsync(db => db.Members.Where(m => m.Id == lodger.Id).Select(m => m.HouseholdId).SingleAsync()));

        var notThere = await staff.DeleteAsync($"/api/v1/households/{first.Id}/members/{lodger.Id}");
        Assert.Equal("household.memberNotFound", (await notThere.ProblemAsync(HttpStatusCode.NotFound)).Code);
    }

    [Fact]
    public async Task A_resident_of_another_community_cannot_join()
    {
        var place = await api.NewCommunityAsync();
        var elsewhere = await api.NewCommunityAsync(place.StreetId);
        var stranger = await api.NewResidentAsync(elsewhere);
        var admin = await api.NewAdminAsync(place.StreetId);
        var household = await CreateAsync(api.Client(place.StaffToken), "2栋201", null);

        // Staff do not manage the stranger at all; the street admin does, but the household is in another community.
        var byStaff = await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/households/{household.Id}/members", new { memberId = stranger.Id });
        Assert.Equal("member.notFound", (await byStaff.ProblemAsync(HttpStatusCode.NotFound)).Code);
        var byAdmin = await api.Client(admin.Token).PostJsonAsync($"/api/v1/households/{household.Id}/members", new { memberId = stranger.Id });
        Assert.Equal("memberId", Assert.Single((await byAdmin.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys));
        Assert.Null(await api.DbAsync(db => db.Members.Where(m => m.Id == stranger.Id).Select(m => m.HouseholdId).SingleAsync()));
    }

    [Fact]
    public async Task Moving_to_another_community_takes_the_member_out_of_their_household()
    {
        var place = await api.NewCommunityAsync();
        var elsewhere = await api.NewCommunityAsync(place.StreetId);
        var (head, other) = (await api.NewResidentAsync(place), await api.NewResidentAsync(place));
        var staff = api.Client(place.StaffToken);
        var household = await CreateAsync(staff, "7栋701", head.Id);
        await (await staff.PostJsonAsync($"/api/v1/households/{household.Id}/members", new { memberId = other.Id })).ShouldBeAsync(HttpStatusCode.OK);

        // A change inside the community keeps the household.
        await (await api.Client(head.Token).PutJsonAsync("/api/v1/me", new { gridId = (Guid?)null })).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(head.Id, (await DetailAsync(staff, household.Id)).HeadMemberId);

        var moved = await (await api.Client(head.Token).PutJsonAsync("/api/v1/me", new { communityId = elsewhere.CommunityId })).ReadAsync<ProfileResponse>();
        Assert.Null(moved.Household);
        var after = await DetailAsync(staff, household.Id);
        Assert.Null(after.HeadMemberId);
        Assert.Equal([other.Id], after.Members.Select(m => m.Id));
    }

    [Fact]
    public async Task An_erased_member_leaves_their_household()
    {
        var place = await api.NewCommunityAsync();
        var elder = await api.NewResidentAsync(place, circumstances: Circumstances.LivingAlone);
        var staff = api.Client(place.StaffToken);
        var household = await CreateAsync(staff, "9栋901", elder.Id);

        await (await staff.DeleteAsync($"/api/v1/members/{elder.Id}")).ShouldBeAsync(HttpStatusCode.NoContent);

        var after = await DetailAsync(staff, household.Id);
        Assert.Equal((null, 0), (after.HeadMemberId, after.Members.Count));
        Assert.Null(await api.DbAsync(db => db.Members.Where(m => m.Id == elder.Id).Select(m => m.HouseholdId).SingleAsync()));
    }

    [Fact]
    public async Task Staff_list_and_search_their_households_and_admins_those_of_their_street()
    {
        var place = await api.NewCommunityAsync();
        var other = await api.NewCommunityAsync(place.StreetId);
        var zhang = await api.NewResidentAsync(place, name: "张秀英");
        var staff = api.Client(place.StaffToken);
        var mine = await CreateAsync(staff, "11栋1单元101", zhang.Id);
        await CreateAsync(staff, "12栋1单元101", null);
        var theirs = await CreateAsync(api.Client(other.StaffToken), "11栋1单元101", null);

        Assert.Equal([mine.Id], (await ListAsync(staff, "q=11栋")).Select(h => h.Id));
        var byName = Assert.Single(await ListAsync(staff, "q=秀英"));
        Assert.Equal((mine.Id, "张秀英", 1), (byName.Id, byName.HeadName, byName.MemberCount));
        Assert.Equal(2, (await ListAsync(staff, "")).Count);

        var admin = api.Client((await api.NewAdminAsync(place.StreetId)).Token);
        Assert.Equal(3, (await ListAsync(admin, "")).Count);
        Assert.Equal([theirs.Id], (await ListAsync(admin, $"communityId={other.CommunityId}")).Select(h => h.Id));
        var foreignAdmin = api.Client((await api.NewAdminAsync((await api.NewCommunityAsync()).StreetId)).Token);
        Assert.Empty(await ListAsync(foreignAdmin, ""));
    }

    [Fact]
    public async Task Showing_where_a_vulnerable_resident_lives_is_recorded_in_the_audit_trail()
    {
        var place = await api.NewCommunityAsync();
        var (elder, son) = (await api.NewResidentAsync(place, circumstances: Circumstances.Disabled), await api.NewResidentAsync(place));
        var staff = api.Client(place.StaffToken);
        var household = await CreateAsync(staff, "4栋402", elder.Id);
        await (await staff.PostJsonAsync($"/api/v1/households/{household.Id}/members", new { memberId = son.Id })).ShouldBeAsync(HttpStatusCode.OK);
        var ordinary = await CreateAsync(staff, "4栋403", null);
        Task<int> ViewsAsync(Guid memberId) => api.DbAsync(db =>
            db.AuditEntries.CountAsync(a => a.MemberId == memberId && a.Action == AuditAction.SensitiveAddressViewed));
        var before = await ViewsAsync(elder.Id);

        await DetailAsync(staff, household.Id);
        Assert.Equal(before + 1, await ViewsAsync(elder.Id));
        await ListAsync(staff, "q=4栋");
        Assert.Equal(before + 2, await ViewsAsync(elder.Id));
        Assert.Equal(0, await ViewsAsync(son.Id));

        // Their own household in their profile is no one else's read.
        await (await api.Client(elder.Token).GetAsync("/api/v1/me")).ShouldBeAsync(HttpStatusCode.OK);
        await DetailAsync(staff, ordinary.Id);
        Assert.Equal(before + 2, await ViewsAsync(elder.Id));
    }

    [Fact]
    public async Task Two_staff_adding_one_resident_to_two_households_at_once_put_them_in_exactly_one()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);
        var staff = api.Client(place.StaffToken);
        var households = new List<HouseholdResponse>();
        for (var i = 0; i < 4; i++)
            households.Add(await CreateAsync(staff, $"8栋80{i}", null));

        var race = await api.AllAtOnceAsync(households
            .Select(h => Racer.Post(place.StaffToken, $"/api/v1/households/{h.Id}/members", new { memberId = resident.Id })).ToList());

        Assert.Equal(1, race.Count(HttpStatusCode.OK));
        Assert.All(await race.RefusalCodesAsync(HttpStatusCode.OK, HttpStatusCode.Conflict),
            code => Assert.Contains(code, new[] { "household.memberInOtherHousehold", "concurrency" }));
        var winner = households[race.Responses.ToList().FindIndex(r => r.StatusCode == HttpStatusCode.OK)].Id;
        Assert.Equal(winner, await api.DbAsync(db => db.Members.Where(m => m.Id == resident.Id).Select(m => m.HouseholdId).SingleAsync()));
    }

    private static async Task<HouseholdResponse> CreateAsync(HttpClient staff, string addressUnit, Guid? headMemberId) =>
        await (await staff.PostJsonAsync("/api/v1/households", new { addressUnit, headMemberId })).ReadAsync<HouseholdResponse>(HttpStatusCode.Created);

    private static async Task<HouseholdResponse> DetailAsync(HttpClient staff, Guid id) =>
        await (await staff.GetAsync($"/api/v1/households/{id}")).ReadAsync<HouseholdResponse>();

    private static async Task<IReadOnlyList<HouseholdSummaryResponse>> ListAsync(HttpClient client, string query) =>
        (await (await client.GetAsync($"/api/v1/households?pageSize=100&{query}")).ReadAsync<Paged<HouseholdSummaryResponse>>()).Items;
}

public sealed class HouseholdsOnPostgres(PostgresApi api) : HouseholdTests(api), IClassFixture<PostgresApi>;

public sealed class HouseholdsOnSqlite(SqliteApi api) : HouseholdTests(api), IClassFixture<SqliteApi>;
