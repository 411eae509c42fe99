using System.Net;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Admin;
using Volunteer.Api.Households;
using Volunteer.Api.Http;
using Volunteer.Api.Members;
using Volunteer.Api.Needs;
using Volunteer.Api.Notifications;
using Volunteer.Domain.Notifications;
using Volunteer.Api.Tasks;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Infrastructure.Households;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>
/// 五级网格: buildings under grids, a party group per building led by a confirmed party member, 党员中心户 looking after
/// households of their grid; and grid workers (网格员) whose scope is one grid.
/// </summary>
public abstract class FiveLevelGridTests(ApiFactory api)
{
    [Fact]
    public async Task The_grid_tree_shows_buildings_party_groups_and_central_households_with_counts()
    {
        var place = await api.NewCommunityAsync();
        var staff = api.Client(place.StaffToken);
        var (secretary, neighbour, ordinary) = (await api.NewResidentAsync(place, partyMember: true, name: "李书记"),
            await api.NewResidentAsync(place, name: "周邻居"), await api.NewResidentAsync(place));

        var building = await (await staff.PostJsonAsync($"/api/v1/grids/{place.GridId}/buildings", new { name = "3栋" }))
            .ReadAsync<BuildingResponse>(HttpStatusCode.Created);
        var duplicate = await staff.PostJsonAsync($"/api/v1/grids/{place.GridId}/buildings", new { name = "3栋" });
        Assert.Equal("building.duplicate", (await duplicate.ProblemAsync(HttpStatusCode.Conflict)).Code);

        // Only a confirmed party member leads a party group.
        var notParty = await staff.PutJsonAsync($"/api/v1/buildings/{building.Id}/party-group", new { name = "3栋党小组", leaderMemberId = ordinary.Id });
        Assert.Equal("leaderMemberId", Assert.Single((await notParty.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys));
        await (await staff.PutJsonAsync($"/api/v1/buildings/{building.Id}/party-group", new { name = "3栋党小组", leaderMemberId = secretary.Id }))
            .ShouldBeAsync(HttpStatusCode.OK);

        var home = await (await staff.PostJsonAsync("/api/v1/households", new { addressUnit = "3栋101", headMemberId = secretary.Id, buildingId = building.Id }))
            .ReadAsync<HouseholdResponse>(HttpStatusCode.Created);
        var next = await (await staff.PostJsonAsync("/api/v1/households", new { addressUnit = "3栋102", headMemberId = neighbour.Id, buildingId = building.Id }))
            .ReadAsync<HouseholdResponse>(HttpStatusCode.Created);
        await (await staff.PostJsonAsync("/api/v1/households", new { addressUnit = "未分楼栋 1 号" })).ShouldBeAsync(HttpStatusCode.Created);

        var central = await (await staff.PostJsonAsync($"/api/v1/households/{home.Id}/central-household", new { partyMemberId = secretary.Id }))
            .ReadAsync<CentralHouseholdResponse>(HttpStatusCode.Created);
        await (await staff.PutJsonAsync($"/api/v1/central-households/{central.Id}/households", new { householdIds = new[] { next.Id } }))
            .ShouldBeAsync(HttpStatusCode.OK);

        var tree = await (await staff.GetAsync($"/api/v1/communities/{place.CommunityId}/grid-tree")).ReadAsync<GridTree>();
        Assert.Equal((place.StreetId, place.CommunityId), (tree.StreetId, tree.CommunityId));
        Assert.Equal((3, 1, 3, 1, 1, 1), (tree.Members, tree.PartyMembers, tree.Households, tree.UnplacedHouseholds, tree.PartyGroups, tree.CentralHouseholds));
        var grid = Assert.Single(tree.Grids);
        Assert.Equal((place.GridId, 3, 1, 2), (grid.Id, grid.Members, grid.PartyMembers, grid.Households));
        var node = Assert.Single(grid.Buildings);
        Assert.Equal(("3栋", 2, 2), (node.Name, node.Households, node.Members));
        Assert.Equal(("3栋党小组", "李书记", true), (node.PartyGroup!.Name, node.PartyGroup.LeaderName, node.PartyGroup.LeaderIsConfirmedPartyMember));
        var centralNode = Assert.Single(node.CentralHouseholds);
        Assert.Equal(("3栋101", "李书记"), (centralNode.AddressUnit, centralNode.PartyMemberName));
        Assert.Equal([next.Id], centralNode.CaredHouseholdIds);
    }

    [Fact]
    public async Task A_central_household_looks_after_households_of_its_own_grid_only_and_one_at_a_time()
    {
        var place = await api.NewCommunityAsync();
        var otherGrid = await NewGridAsync(place, "第二网格");
        var staff = api.Client(place.StaffToken);
        var here = await BuildingAsync(staff, place.GridId, "1栋");
        var there = await BuildingAsync(staff, otherGrid, "9栋");
        var (first, second) = (await api.NewResidentAsync(place, partyMember: true), await api.NewResidentAsync(place, partyMember: true));
        var firstHome = await HouseholdAsync(staff, "1栋101", first.Id, here);
        var secondHome = await HouseholdAsync(staff, "1栋102", second.Id, here);
        var near = await HouseholdAsync(staff, "1栋103", null, here);
        var far = await HouseholdAsync(staff, "9栋101", null, there);
        var unplaced = await HouseholdAsync(staff, "无楼栋", null, null);

        var notPlaced = await staff.PostJsonAsync($"/api/v1/households/{unplaced.Id}/central-household", new { partyMemberId = first.Id });
        Assert.Equal("partyMemberId", Assert.Single((await notPlaced.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys));
        var centralA = await DesignateAsync(staff, firstHome.Id, first.Id);
        var again = await staff.PostJsonAsync($"/api/v1/households/{firstHome.Id}/central-household", new { partyMemberId = first.Id });
        Assert.Equal("centralHousehold.duplicate", (await again.ProblemAsync(HttpStatusCode.Conflict)).Code);
        var centralB = await DesignateAsync(staff, secondHome.Id, second.Id);

        var farAway = await staff.PutJsonAsync($"/api/v1/central-households/{centralA.Id}/households", new { householdIds = new[] { near.Id, far.Id } });
        Assert.Equal("householdIds", Assert.Single((await farAway.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys));
        Assert.Null(await CareOfAsync(near.Id));

        await (await staff.PutJsonAsync($"/api/v1/central-households/{centralA.Id}/households", new { householdIds = new[] { near.Id } }))
            .ShouldBeAsync(HttpStatusCode.OK);
        var taken = await staff.PutJsonAsync($"/api/v1/central-households/{centralB.Id}/households", new { householdIds = new[] { near.Id } });
        Assert.Equal("centralHousehold.householdTaken", (await taken.ProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal(centralA.Id, await CareOfAsync(near.Id));

        // Moving to a building of another grid ends the care; a central household itself must be revoked first.
        await (await staff.PutJsonAsync($"/api/v1/households/{near.Id}", new { buildingId = there })).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Null(await CareOfAsync(near.Id));
        var centralMoves = await staff.PutJsonAsync($"/api/v1/households/{firstHome.Id}", new { buildingId = there });
        Assert.Equal("centralHousehold.gridChange", (await centralMoves.ProblemAsync(HttpStatusCode.Conflict)).Code);

        // Taking the party member out of their household ends the designation and releases its households.
        await (await staff.PutJsonAsync($"/api/v1/central-households/{centralB.Id}/households", new { householdIds = new[] { firstHome.Id } }))
            .ShouldBeAsync(HttpStatusCode.OK);
        await (await staff.DeleteAsync($"/api/v1/households/{secondHome.Id}/members/{second.Id}")).ShouldBeAsync(HttpStatusCode.OK);
        Assert.False(await api.DbAsync(db => db.CentralHouseholds.AnyAsync(c => c.Id == centralB.Id)));
        Assert.Null(await CareOfAsync(firstHome.Id));

        await (await staff.DeleteAsync($"/api/v1/central-households/{centralA.Id}")).ShouldBeAsync(HttpStatusCode.NoContent);
        Assert.False(await api.DbAsync(db => db.CentralHouseholds.AnyAsync(c => c.Id == centralA.Id)));
    }

    [Fact]
    public async Task Staff_of_another_community_cannot_touch_its_grid()
    {
        var place = await api.NewCommunityAsync();
        var other = await api.NewCommunityAsync(place.StreetId);
        var staff = api.Client(place.StaffToken);
        var leader = await api.NewResidentAsync(place, partyMember: true);
        var building = await BuildingAsync(staff, place.GridId, "2栋");
        var home = await HouseholdAsync(staff, "2栋201", leader.Id, building);
        var central = await DesignateAsync(staff, home.Id, leader.Id);
        var outsider = api.Client(other.StaffToken);
        var resident = api.Client(leader.Token);

        await api.ChangesNothingAsync(async () =>
        {
            Assert.Equal("community.forbidden", (await (await outsider.PostJsonAsync($"/api/v1/grids/{place.GridId}/buildings", new { name = "5栋" }))
                .ProblemAsync(HttpStatusCode.Forbidden)).Code);
            Assert.Equal("building.notFound", (await (await outsider.PutJsonAsync($"/api/v1/buildings/{building}", new { name = "改名" }))
                .ProblemAsync(HttpStatusCode.NotFound)).Code);
            Assert.Equal("building.notFound", (await (await outsider.PutJsonAsync($"/api/v1/buildings/{building}/party-group",
                new { name = "党小组", leaderMemberId = leader.Id })).ProblemAsync(HttpStatusCode.NotFound)).Code);
            Assert.Equal("household.notFound", (await (await outsider.PostJsonAsync($"/api/v1/households/{home.Id}/central-household",
                new { partyMemberId = leader.Id })).ProblemAsync(HttpStatusCode.NotFound)).Code);
            Assert.Equal("centralHousehold.notFound", (await (await outsider.PutJsonAsync($"/api/v1/central-households/{central.Id}/households",
                new { householdIds = Array.Empty<Guid>() })).ProblemAsync(HttpStatusCode.NotFound)).Code);
            Assert.Equal("centralHousehold.notFound", (await (await outsider.DeleteAsync($"/api/v1/central-households/{central.Id}"))
                .ProblemAsync(HttpStatusCode.NotFound)).Code);
            Assert.Equal("community.forbidden", (await (await outsider.GetAsync($"/api/v1/communities/{place.CommunityId}/grid-tree"))
                .ProblemAsync(HttpStatusCode.Forbidden)).Code);
            Assert.Equal("role.staffOnly", (await (await resident.GetAsync($"/api/v1/communities/{place.CommunityId}/grid-tree"))
                .ProblemAsync(HttpStatusCode.Forbidden)).Code);
        });
        Assert.True(await api.DbAsync(db => db.CentralHouseholds.AnyAsync(c => c.Id == central.Id)));
        Assert.Equal(0, await api.DbAsync(db => db.PartyGroups.CountAsync(g => g.BuildingId == building)));
    }

    [Fact]
    public async Task An_admin_creates_a_grid_worker_for_a_grid_of_their_street_only()
    {
        var place = await api.NewCommunityAsync();
        var admin = api.Client((await api.NewAdminAsync(place.StreetId)).Token);
        var foreign = await api.NewCommunityAsync();

        var created = await (await admin.PostJsonAsync("/api/v1/admin/accounts", new
        {
            username = "grid-" + Guid.NewGuid().ToString("N")[..8], password = World.Password, displayName = "王网格", role = "gridWorker", gridId = place.GridId,
        })).ReadAsync<AccountResponse>(HttpStatusCode.Created);
        Assert.Equal((ActorRole.GridWorker, (Guid?)place.CommunityId, (Guid?)place.GridId), (created.Role, created.CommunityId, created.GridId));

        await api.ChangesNothingAsync(async () =>
        {
            var gridWithStaff = await admin.PostJsonAsync("/api/v1/admin/accounts", new
            {
                username = "staff-" + Guid.NewGuid().ToString("N")[..8], password = World.Password, displayName = "张三", role = "communityStaff",
                communityId = place.CommunityId, gridId = place.GridId,
            });
            Assert.Equal("gridId", Assert.Single((await gridWithStaff.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys));
            var noGrid = await admin.PostJsonAsync("/api/v1/admin/accounts", new
            {
                username = "grid-" + Guid.NewGuid().ToString("N")[..8], password = World.Password, displayName = "李四", role = "gridWorker",
            });
            Assert.Equal("gridId", Assert.Single((await noGrid.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys));
            var otherStreet = await admin.PostJsonAsync("/api/v1/admin/accounts", new
            {
                username = "grid-" + Guid.NewGuid().ToString("N")[..8], password = World.Password, displayName = "赵五", role = "gridWorker",
                gridId = foreign.GridId,
            });
            Assert.Equal("community.forbidden", (await otherStreet.ProblemAsync(HttpStatusCode.Forbidden)).Code);
        });
    }

    [Fact]
    public async Task A_grid_worker_sees_and_acts_on_their_grids_needs_tasks_and_members_only()
    {
        var place = await api.NewCommunityAsync();
        var otherGrid = await NewGridAsync(place, "第二网格");
        var worker = api.Client(await GridWorkerTokenAsync(place, place.GridId));
        var mine = await api.NewResidentAsync(place, name: "本网格居民");
        var theirs = await api.NewResidentAsync(place, name: "外网格居民");
        await api.DbAsync(async db =>
        {
            var member = await db.Members.SingleAsync(m => m.Id == theirs.Id);
            member.MoveTo(await db.Communities.FindAsync(place.CommunityId), await db.Grids.FindAsync(otherGrid));
            await db.SaveChangesAsync();
        });
        var myNeed = await PostNeedAsync(mine.Token);
        var theirNeed = await PostNeedAsync(theirs.Token);

        // Lists show the grid's needs and members only.
        var needs = await (await worker.GetAsync("/api/v1/needs?pageSize=100")).ReadAsync<Paged<NeedResponse>>();
        Assert.Equal([myNeed.Id], needs.Items.Select(n => n.Id));
        var members = await (await worker.GetAsync("/api/v1/members?pageSize=100")).ReadAsync<Paged<MemberResponse>>();
        Assert.Equal([mine.Id], members.Items.Select(m => m.Id));

        // Outside the grid: nothing is seen and nothing changes.
        var otherTask = await api.PublishTaskAsync(place);
        await api.ChangesNothingAsync(async () =>
        {
            Assert.Equal("need.notFound", (await (await worker.GetAsync($"/api/v1/needs/{theirNeed.Id}")).ProblemAsync(HttpStatusCode.NotFound)).Code);
            Assert.Equal("need.notFound", (await (await worker.PostJsonAsync($"/api/v1/needs/{theirNeed.Id}/approve", Terms()))
                .ProblemAsync(HttpStatusCode.NotFound)).Code);
            Assert.Equal("need.notFound", (await (await worker.PostJsonAsync($"/api/v1/needs/{theirNeed.Id}/reject", new { reason = "不属实" }))
                .ProblemAsync(HttpStatusCode.NotFound)).Code);
            Assert.Equal("member.notFound", (await (await worker.GetAsync($"/api/v1/members/{theirs.Id}")).ProblemAsync(HttpStatusCode.NotFound)).Code);
            Assert.Equal("member.notFound", (await (await worker.PostJsonAsync($"/api/v1/members/{theirs.Id}/points/adjustments",
                new { amount = 5, reason = "奖励" })).ProblemAsync(HttpStatusCode.NotFound)).Code);
            // A task of the community not tied to their grid is someone else's to run.
            Assert.Equal("community.forbidden", (await (await worker.PostJsonAsync($"/api/v1/tasks/{otherTask}/cancel", new { reason = "取消" }))
                .ProblemAsync(HttpStatusCode.Forbidden)).Code);
            Assert.Equal("grid.forbidden", (await (await worker.PostJsonAsync("/api/v1/tasks", TaskBody(otherGrid)))
                .ProblemAsync(HttpStatusCode.Forbidden)).Code);
            // Community-wide management (households, buildings, the grid tree) stays with community staff.
            Assert.Equal("role.staffOnly", (await (await worker.GetAsync("/api/v1/households")).ProblemAsync(HttpStatusCode.Forbidden)).Code);
            Assert.Equal("role.staffOnly", (await (await worker.PostJsonAsync($"/api/v1/grids/{place.GridId}/buildings", new { name = "8栋" }))
                .ProblemAsync(HttpStatusCode.Forbidden)).Code);
        });

        // Inside the grid: approve a need (its task lies in the grid) and publish a task.
        var approved = await (await worker.PostJsonAsync($"/api/v1/needs/{myNeed.Id}/approve", Terms())).ReadAsync<ApprovedNeedResponse>(HttpStatusCode.Created);
        Assert.Equal(place.GridId, approved.Task.GridId);
        var published = await (await worker.PostJsonAsync("/api/v1/tasks", TaskBody(null))).ReadAsync<CreatedId>(HttpStatusCode.Created);
        Assert.Equal(place.GridId, await api.DbAsync(db => db.Tasks.Where(t => t.Id == published.Id).Select(t => t.GridId).SingleAsync()));
        var volunteer = await api.NewResidentAsync(place);
        var claim = await api.ClaimAsync(volunteer.Token, published.Id);
        await (await worker.GetAsync($"/api/v1/tasks/{published.Id}/claims")).ShouldBeAsync(HttpStatusCode.OK);
        await (await worker.GetAsync($"/api/v1/claims/{claim.Id}")).ShouldBeAsync(HttpStatusCode.OK);
        await (await worker.PostJsonAsync($"/api/v1/members/{mine.Id}/points/adjustments", new { amount = 5, reason = "楼道值守" }))
            .ShouldBeAsync(HttpStatusCode.Created);
        Assert.Equal(5, await api.DbAsync(db => db.PointsAccounts.Where(a => a.MemberId == mine.Id).Select(a => a.Balance).SingleAsync()));
    }

    [Fact]
    public async Task A_new_need_reaches_the_grid_worker_of_its_grid_and_the_community_staff_not_other_grids()
    {
        var place = await api.NewCommunityAsync();
        var otherGrid = await NewGridAsync(place, "第二网格");
        var ours = api.Client(await GridWorkerTokenAsync(place, place.GridId));
        var theirs = api.Client(await GridWorkerTokenAsync(place, otherGrid));
        var need = await PostNeedAsync((await api.NewResidentAsync(place)).Token);

        static async Task<List<NotificationResponse>> InboxAsync(HttpClient client) =>
            (await (await client.GetAsync("/api/v1/me/notifications")).ReadAsync<Paged<NotificationResponse>>()).Items.ToList();
        var told = Assert.Single(await InboxAsync(ours));
        Assert.Equal((NotificationKind.NeedSubmitted, $"/console/needs/{need.Id}"), (told.Kind, told.Link));
        Assert.Empty(await InboxAsync(theirs));
        Assert.Single(await InboxAsync(api.Client(place.StaffToken)), n => n.Kind == NotificationKind.NeedSubmitted && n.Link == told.Link);
    }

    private object Terms() => new { slots = 1, points = 10, startsAt = api.Clock.GetUtcNow().AddMinutes(-5), endsAt = api.Clock.GetUtcNow().AddHours(3) };

    private object TaskBody(Guid? gridId) => new
    {
        title = "楼道清扫", description = "清理楼道杂物", category = "environment", slots = 2, points = 5,
        startsAt = api.Clock.GetUtcNow().AddMinutes(-5), endsAt = api.Clock.GetUtcNow().AddHours(3), address = "1栋楼道", gridId,
    };

    private async Task<NeedResponse> PostNeedAsync(string token) =>
        await (await api.Client(token).PostJsonAsync("/api/v1/needs", new { title = "帮忙修门锁", category = "elderlyCare", address = "1栋101" }))
            .ReadAsync<NeedResponse>(HttpStatusCode.Created);

    private Task<Guid> NewGridAsync(Place place, string name) => api.DbAsync(async db =>
    {
        var grid = Grid.Create(place.CommunityId, name, null, api.Clock.GetUtcNow());
        db.Grids.Add(grid);
        await db.SaveChangesAsync();
        return grid.Id;
    });

    private async Task<string> GridWorkerTokenAsync(Place place, Guid gridId)
    {
        var admin = api.Client((await api.NewAdminAsync(place.StreetId)).Token);
        var account = await (await admin.PostJsonAsync("/api/v1/admin/accounts", new
        {
            username = "grid-" + Guid.NewGuid().ToString("N")[..8], password = World.Password, displayName = "网格员", role = "gridWorker", gridId,
        })).ReadAsync<AccountResponse>(HttpStatusCode.Created);
        return await api.DbAsync(async db => api.TokenFor(await db.Accounts.SingleAsync(a => a.Id == account.Id)));
    }

    private static async Task<Guid> BuildingAsync(HttpClient staff, Guid gridId, string name) =>
        (await (await staff.PostJsonAsync($"/api/v1/grids/{gridId}/buildings", new { name })).ReadAsync<BuildingResponse>(HttpStatusCode.Created)).Id;

    private static async Task<HouseholdResponse> HouseholdAsync(HttpClient staff, string addressUnit, Guid? headMemberId, Guid? buildingId) =>
        await (await staff.PostJsonAsync("/api/v1/households", new { addressUnit, headMemberId, buildingId })).ReadAsync<HouseholdResponse>(HttpStatusCode.Created);

    private static async Task<CentralHouseholdResponse> DesignateAsync(HttpClient staff, Guid householdId, Guid partyMemberId) =>
        await (await staff.PostJsonAsync($"/api/v1/households/{householdId}/central-household", new { partyMemberId }))
            .ReadAsync<CentralHouseholdResponse>(HttpStatusCode.Created);

    private Task<Guid?> CareOfAsync(Guid householdId) =>
        api.DbAsync(db => db.Households.Where(h => h.Id == householdId).Select(h => h.CentralHouseholdId).SingleAsync());
}

public sealed class FiveLevelGridOnPostgres(PostgresApi api) : FiveLevelGridTests(api), IClassFixture<PostgresApi>;

public sealed class FiveLevelGridOnSqlite(SqliteApi api) : FiveLevelGridTests(api), IClassFixture<SqliteApi>;
