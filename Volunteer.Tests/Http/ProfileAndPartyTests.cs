using System.Net;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Communities;
using Volunteer.Api.Http;
using Volunteer.Api.Me;
using Volunteer.Api.Members;
using Volunteer.Domain.Members;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>
/// A resident's profile, and party membership (党员身份) that counts only once staff of their home
/// community confirm it.
/// </summary>
public sealed class ProfileAndPartyTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    private static readonly object Party = new { branch = "东门社区第二网格党支部", workUnit = "丹阳市人民医院", inService = true };

    [Fact]
    public async Task A_resident_sets_name_phone_community_and_grid()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(home: null);

        var profile = await (await api.Client(resident.Token).PutJsonAsync("/api/v1/me", new
        {
            name = "陈静",
            phone = "13912345678",
            communityId = place.CommunityId,
            gridId = place.GridId,
        })).ReadAsync<ProfileResponse>();

        Assert.Equal(("陈静", "13912345678", place.CommunityId, place.GridId, (PartyResponse?)null),
            (profile.Name, profile.Phone, profile.CommunityId, profile.GridId, profile.Party));
        var me = await (await api.Client(resident.Token).GetAsync("/api/v1/me")).ReadAsync<ProfileResponse>();
        Assert.Equal(profile, me);
        var stored = await MemberAsync(resident);
        Assert.Equal(("陈静", "13912345678", place.CommunityId, place.GridId), (stored.Name, stored.Phone, stored.CommunityId, stored.GridId));
    }

    [Fact]
    public async Task A_grid_of_another_community_is_refused_and_nothing_changes()
    {
        var place = await api.NewCommunityAsync();
        var other = await api.NewCommunityAsync(place.StreetId);
        var resident = await api.NewResidentAsync(place, name: "张伟");

        var response = await api.Client(resident.Token).PutJsonAsync("/api/v1/me", new
        {
            name = "张大伟",
            communityId = place.CommunityId,
            gridId = other.GridId,
        });

        Assert.Contains("gridId", (await response.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        var stored = await MemberAsync(resident);
        Assert.Equal(("张伟", place.CommunityId, place.GridId), (stored.Name, stored.CommunityId, stored.GridId));
    }

    [Fact]
    public async Task An_in_service_party_member_without_a_work_unit_is_refused()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);

        var response = await api.Client(resident.Token).PutJsonAsync("/api/v1/me", new
        {
            name = "赵磊",
            communityId = place.CommunityId,
            party = new { branch = "东门社区第一网格党支部", inService = true },
        });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("在职党员须填写工作单位。", Assert.Single(problem.Errors!["party.workUnit"]));
        var stored = await MemberAsync(resident);
        Assert.Equal((PartyStatus.None, (string?)null), (stored.PartyStatus, stored.PartyBranch));
        Assert.NotEqual("赵磊", stored.Name);
    }

    [Fact]
    public async Task A_declared_party_membership_opens_party_only_tasks_once_home_staff_confirm_it()
    {
        var place = await api.NewCommunityAsync();
        var other = await api.NewCommunityAsync(place.StreetId);
        var resident = await api.NewResidentAsync(place);
        var taskId = await api.PublishTaskAsync(place, partyMembersOnly: true);

        var declared = await (await api.Client(resident.Token).PutJsonAsync("/api/v1/me", Profile(place, Party))).ReadAsync<ProfileResponse>();
        Assert.Equal((PartyStatus.Pending, "东门社区第二网格党支部", "丹阳市人民医院", true),
            (declared.Party!.Status, declared.Party.Branch, declared.Party.WorkUnit, declared.Party.InService));

        var early = await api.Client(resident.Token).PostJsonAsync($"/api/v1/tasks/{taskId}/claims");
        Assert.Equal("task.partyMembersOnly", (await early.ProblemAsync(HttpStatusCode.Forbidden)).Code);
        Assert.False(await api.DbAsync(db => db.Claims.AnyAsync(c => c.MemberId == resident.Id)));

        var wrongStaff = await api.Client(other.StaffToken).PostJsonAsync($"/api/v1/members/{resident.Id}/party-membership/confirm");
        Assert.Equal("member.notFound", (await wrongStaff.ProblemAsync(HttpStatusCode.NotFound)).Code);
        Assert.Equal(PartyStatus.Pending, (await MemberAsync(resident)).PartyStatus);

        var confirmed = await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/members/{resident.Id}/party-membership/confirm"))
            .ReadAsync<MemberResponse>();
        Assert.Equal(PartyStatus.Confirmed, confirmed.Party!.Status);
        var stored = await MemberAsync(resident);
        Assert.Equal((PartyStatus.Confirmed, place.Staff.Id), (stored.PartyStatus, stored.PartyReviewedBy));

        await api.ClaimAsync(resident.Token, taskId);
    }

    [Fact]
    public async Task Re_sending_the_same_party_data_keeps_it_confirmed_and_moving_community_does_not_touch_it()
    {
        var place = await api.NewCommunityAsync();
        var other = await api.NewCommunityAsync(place.StreetId);
        var resident = await api.NewResidentAsync(place);
        var me = api.Client(resident.Token);
        await (await me.PutJsonAsync("/api/v1/me", Profile(place, Party))).ShouldBeAsync(HttpStatusCode.OK);
        await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/members/{resident.Id}/party-membership/confirm"))
            .ShouldBeAsync(HttpStatusCode.OK);

        var resent = await (await me.PutJsonAsync("/api/v1/me", Profile(place, Party, phone: "13700001111"))).ReadAsync<ProfileResponse>();
        Assert.Equal(PartyStatus.Confirmed, resent.Party!.Status);

        // Confirmed data changes only through a new declaration, never as a side effect of a move.
        var moved = await (await me.PutJsonAsync("/api/v1/me", new { communityId = other.CommunityId })).ReadAsync<ProfileResponse>();
        Assert.Equal((PartyStatus.Confirmed, other.CommunityId), (moved.Party!.Status, moved.CommunityId));
        var stored = await MemberAsync(resident);
        Assert.Equal((PartyStatus.Confirmed, place.Staff.Id), (stored.PartyStatus, stored.PartyReviewedBy));

        // A changed declaration goes to the new community's staff; the old community no longer sees the resident.
        var changed = await (await me.PutJsonAsync("/api/v1/me", new { party = new { branch = "南苑社区党支部", inService = false } }))
            .ReadAsync<ProfileResponse>();
        Assert.Equal(PartyStatus.Pending, changed.Party!.Status);
        var oldStaff = await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/members/{resident.Id}/party-membership/confirm");
        await oldStaff.ProblemAsync(HttpStatusCode.NotFound);
        var confirmed = await (await api.Client(other.StaffToken).PostJsonAsync($"/api/v1/members/{resident.Id}/party-membership/confirm"))
            .ReadAsync<MemberResponse>();
        Assert.Equal(PartyStatus.Confirmed, confirmed.Party!.Status);
    }

    [Fact]
    public async Task Communities_and_their_grids_are_listed_without_a_token()
    {
        var place = await api.NewCommunityAsync();
        var anonymous = api.Client();

        var communities = await (await anonymous.GetAsync($"/api/v1/communities?streetId={place.StreetId}")).ReadAsync<Paged<CommunityResponse>>();
        var community = Assert.Single(communities.Items);
        Assert.Equal((place.CommunityId, place.StreetId), (community.Id, community.StreetId));

        var detail = await (await anonymous.GetAsync($"/api/v1/communities/{place.CommunityId}")).ReadAsync<CommunityResponse>();
        Assert.Equal(community, detail);

        var grids = await (await anonymous.GetAsync($"/api/v1/communities/{place.CommunityId}/grids")).ReadAsync<Paged<GridResponse>>();
        Assert.Equal((place.GridId, "第一网格"), (Assert.Single(grids.Items).Id, grids.Items[0].Name));

        var unknown = await anonymous.GetAsync($"/api/v1/communities/{Guid.CreateVersion7()}/grids");
        Assert.Equal("community.notFound", (await unknown.ProblemAsync(HttpStatusCode.NotFound)).Code);
        // Changing them still needs a token.
        var create = await anonymous.PostJsonAsync($"/api/v1/communities/{place.CommunityId}/grids", new { name = "第九网格" });
        await create.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static object Profile(Place place, object? party, string phone = "13912345678") => new
    {
        name = "李明",
        phone,
        communityId = place.CommunityId,
        gridId = place.GridId,
        party,
    };

    private Task<Member> MemberAsync(Person person) =>
        api.DbAsync(db => db.Members.AsNoTracking().SingleAsync(m => m.Id == person.Id));
}
