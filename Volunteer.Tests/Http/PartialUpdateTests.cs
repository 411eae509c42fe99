using System.Net;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Communities;
using Volunteer.Api.Me;
using Volunteer.Api.Partners;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>
/// Nothing a person did not ask to change is changed: a PUT changes the fields it names, leaves the
/// others as they are, clears a field only when it is sent as null, and never touches a confirmed
/// party membership except through a new declaration.
/// </summary>
public abstract class PartialUpdateTests(ApiFactory api)
{
    [Fact]
    public async Task A_form_that_edits_only_the_name_keeps_phone_grid_and_the_confirmed_party_membership()
    {
        var place = await api.NewCommunityAsync();
        var liMing = await api.NewResidentAsync(place, partyMember: true, name: "李明", phone: "13912345678");
        var before = await MemberAsync(liMing);

        var profile = await (await api.Client(liMing.Token).PutJsonAsync("/api/v1/me", new { name = "李小明" })).ReadAsync<ProfileResponse>();

        Assert.Equal(("李小明", "13912345678", place.CommunityId, place.GridId, PartyStatus.Confirmed),
            (profile.Name, profile.Phone, profile.CommunityId, profile.GridId, profile.Party!.Status));
        var after = await MemberAsync(liMing);
        Assert.Equal((before.Phone, before.CommunityId, before.GridId, before.PartyStatus, before.PartyBranch, before.PartyWorkUnit,
                before.PartyInService, before.PartyReviewedBy, before.PartyReviewedAt),
            (after.Phone, after.CommunityId, after.GridId, after.PartyStatus, after.PartyBranch, after.PartyWorkUnit,
                after.PartyInService, after.PartyReviewedBy, after.PartyReviewedAt));
        Assert.Equal("李小明", after.Name);

        // An empty body changes nothing at all.
        await api.ChangesNothingAsync(async () =>
            await (await api.Client(liMing.Token).PutJsonAsync("/api/v1/me", new { })).ShouldBeAsync(HttpStatusCode.OK));
    }

    [Fact]
    public async Task Clearing_is_explicit_and_a_confirmed_membership_is_not_cleared_by_a_null()
    {
        var place = await api.NewCommunityAsync();
        var member = await api.NewResidentAsync(place, partyMember: true, name: "赵磊", phone: "13912345678");
        var me = api.Client(member.Token);

        var cleared = await (await me.PutRawAsync("/api/v1/me", """{"phone":null,"gridId":null}""")).ReadAsync<ProfileResponse>();
        Assert.Equal(("赵磊", (string?)null, place.CommunityId, (Guid?)null, PartyStatus.Confirmed),
            (cleared.Name, cleared.Phone, cleared.CommunityId, cleared.GridId, cleared.Party!.Status));

        await api.ChangesNothingAsync(async () =>
        {
            var withdraw = await me.PutRawAsync("/api/v1/me", """{"party":null}""");
            Assert.Equal("party.confirmed", (await withdraw.ProblemAsync(HttpStatusCode.Conflict)).Code);
            var noName = await me.PutRawAsync("/api/v1/me", """{"name":null}""");
            Assert.Contains("name", (await noName.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        });

        // A new declaration is the one way to change it, and it then waits for staff again.
        var redeclared = await (await me.PutJsonAsync("/api/v1/me", new { party = new { branch = "第三党支部", inService = false } }))
            .ReadAsync<ProfileResponse>();
        Assert.Equal((PartyStatus.Pending, "第三党支部"), (redeclared.Party!.Status, redeclared.Party.Branch));
        // A declaration not yet confirmed can be withdrawn with an explicit null.
        var withdrawn = await (await me.PutRawAsync("/api/v1/me", """{"party":null}""")).ReadAsync<ProfileResponse>();
        Assert.Null(withdrawn.Party);
    }

    [Fact]
    public async Task Moving_community_keeps_a_confirmed_membership_and_leaves_the_old_grid_behind()
    {
        var place = await api.NewCommunityAsync();
        var other = await api.NewCommunityAsync(place.StreetId);
        var member = await api.NewResidentAsync(place, partyMember: true, phone: "13912345678");

        var moved = await (await api.Client(member.Token).PutJsonAsync("/api/v1/me", new { communityId = other.CommunityId }))
            .ReadAsync<ProfileResponse>();

        Assert.Equal((other.CommunityId, (Guid?)null, "13912345678", PartyStatus.Confirmed),
            (moved.CommunityId, moved.GridId, moved.Phone, moved.Party!.Status));
        var grid = await (await api.Client(member.Token).PutJsonAsync("/api/v1/me", new { gridId = other.GridId })).ReadAsync<ProfileResponse>();
        Assert.Equal((other.CommunityId, other.GridId), (grid.CommunityId, grid.GridId));
        var wrongGrid = await api.Client(member.Token).PutJsonAsync("/api/v1/me", new { gridId = place.GridId });
        Assert.Contains("gridId", (await wrongGrid.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
    }

    [Fact]
    public async Task Admin_edits_of_a_partner_a_community_and_a_grid_change_only_what_they_name()
    {
        var place = await api.NewCommunityAsync();
        var shop = await api.NewShopAsync(place, PartnerKind.Merchant);
        var admin = api.Client((await api.NewAdminAsync(place.StreetId)).Token);

        var partner = await (await admin.PutJsonAsync($"/api/v1/admin/partners/{shop.Id}", new { name = "东门老王理发店（新址）" }))
            .ReadAsync<PartnerResponse>();
        Assert.Equal(("东门老王理发店（新址）", PartnerKind.Merchant, "13900000000", "东门大街 8 号"),
            (partner.Name, partner.Kind, partner.Contact, partner.Address));
        partner = await (await admin.PutRawAsync($"/api/v1/admin/partners/{shop.Id}", """{"contact":null}""")).ReadAsync<PartnerResponse>();
        Assert.Equal(("东门老王理发店（新址）", (string?)null, "东门大街 8 号"), (partner.Name, partner.Contact, partner.Address));
        var noKind = await admin.PutRawAsync($"/api/v1/admin/partners/{shop.Id}", """{"kind":null}""");
        Assert.Contains("kind", (await noKind.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);

        var community = await (await admin.PutJsonAsync($"/api/v1/communities/{place.CommunityId}", new { kind = "resettlement" }))
            .ReadAsync<CommunityResponse>();
        Assert.Equal("测试路 1 号", community.Address);
        Assert.StartsWith("测试社区", community.Name);

        var grid = await (await api.Client(place.StaffToken).PutJsonAsync($"/api/v1/grids/{place.GridId}", new { name = "第一网格（东）" }))
            .ReadAsync<GridResponse>();
        Assert.Equal(("第一网格（东）", "网格员"), (grid.Name, grid.WorkerName));
        grid = await (await api.Client(place.StaffToken).PutRawAsync($"/api/v1/grids/{place.GridId}", """{"workerName":null}"""))
            .ReadAsync<GridResponse>();
        Assert.Equal(("第一网格（东）", (string?)null), (grid.Name, grid.WorkerName));
    }

    private Task<Member> MemberAsync(Person person) =>
        api.DbAsync(db => db.Members.AsNoTracking().SingleAsync(m => m.Id == person.Id));
}

public sealed class PartialUpdateOnPostgres(PostgresApi api) : PartialUpdateTests(api), IClassFixture<PostgresApi>;

public sealed class PartialUpdateOnSqlite(SqliteApi api) : PartialUpdateTests(api), IClassFixture<SqliteApi>;
