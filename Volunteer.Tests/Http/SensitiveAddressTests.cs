using System.Net;
using Volunteer.Api.Claims;
using Volunteer.Api.Http;
using Volunteer.Api.Needs;
using Volunteer.Api.Tasks;
using Volunteer.Domain.Members;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>
/// The address of a vulnerable resident (独居、残疾、低保) is shown only to staff of their community,
/// to the resident, and to the volunteer whose claim was accepted; phone numbers are masked for others.
/// </summary>
public sealed class SensitiveAddressTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    private const string Address = "东门大街 18 号 3 栋 201 室";
    private static readonly (bool, string?) Hidden = (true, null);
    private static readonly (bool, string?) Shown = (false, Address);

    [Fact]
    public async Task Other_residents_see_neither_in_the_list_nor_in_the_detail_where_a_vulnerable_resident_lives()
    {
        var (place, _, taskId) = await VulnerableResidentsTaskAsync();
        var neighbour = await api.NewResidentAsync(place);
        var outsider = await api.NewResidentAsync(await api.NewCommunityAsync(place.StreetId));

        foreach (var viewer in new[] { neighbour, outsider })
        {
            Assert.Equal(Hidden, Seen(await DetailAsync(viewer.Token, taskId)));
            Assert.Equal(Hidden, Seen(await ListedAsync(viewer.Token, place, taskId)));
        }

        // An ordinary task of the same community shows its address to everyone.
        var ordinary = await api.PublishTaskAsync(place, address: "东门社区党群服务中心");
        Assert.Equal((false, "东门社区党群服务中心"), Seen(await DetailAsync(neighbour.Token, ordinary)));
    }

    [Fact]
    public async Task Staff_of_the_community_the_resident_and_the_accepted_volunteer_see_the_address()
    {
        var (place, elder, taskId) = await VulnerableResidentsTaskAsync();
        var admin = await api.NewAdminAsync(place.StreetId);
        var otherStaff = await api.NewCommunityAsync(place.StreetId);
        var volunteer = await api.NewResidentAsync(place);

        foreach (var token in new[] { place.StaffToken, admin.Token, elder.Token })
        {
            Assert.Equal(Shown, Seen(await DetailAsync(token, taskId)));
            Assert.Equal(Shown, Seen(await ListedAsync(token, place, taskId)));
        }
        Assert.Equal(Hidden, Seen(await DetailAsync(otherStaff.StaffToken, taskId)));

        Assert.Equal(Hidden, Seen(await DetailAsync(volunteer.Token, taskId)));
        var claim = await api.ClaimAsync(volunteer.Token, taskId);
        Assert.Equal(Shown, Seen(await DetailAsync(volunteer.Token, taskId)));
        Assert.Equal(Shown, Seen(await ListedAsync(volunteer.Token, place, taskId)));

        // Giving the claim up gives the address up too.
        await (await api.Client(volunteer.Token).PostJsonAsync($"/api/v1/claims/{claim.Id}/cancel")).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(Hidden, Seen(await DetailAsync(volunteer.Token, taskId)));
        Assert.Equal(Hidden, Seen(await ListedAsync(volunteer.Token, place, taskId)));
    }

    [Fact]
    public async Task The_volunteers_phone_is_masked_for_the_resident_and_shown_in_full_to_staff_and_the_volunteer()
    {
        var (place, elder, taskId) = await VulnerableResidentsTaskAsync();
        var volunteer = await api.NewResidentAsync(place, name: "李明", phone: "13812345678");
        var claim = await api.ClaimAsync(volunteer.Token, taskId);

        var forElder = await (await api.Client(elder.Token).GetAsync($"/api/v1/claims/{claim.Id}")).ReadAsync<ClaimResponse>();
        Assert.Equal(("李明", "138****5678"), (forElder.ClaimantName, forElder.ClaimantPhone));

        var forStaff = await (await api.Client(place.StaffToken).GetAsync($"/api/v1/claims/{claim.Id}")).ReadAsync<ClaimResponse>();
        Assert.Equal("13812345678", forStaff.ClaimantPhone);
        var listedForStaff = await (await api.Client(place.StaffToken).GetAsync($"/api/v1/tasks/{taskId}/claims")).ReadAsync<Paged<ClaimResponse>>();
        Assert.Equal("13812345678", Assert.Single(listedForStaff.Items).ClaimantPhone);

        Assert.Equal("13812345678", claim.ClaimantPhone);
        var raw = await (await api.Client(elder.Token).GetAsync($"/api/v1/claims/{claim.Id}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("13812345678", raw);
    }

    /// <summary>A resident living alone posts a need with her address; staff publish it as a task.</summary>
    private async Task<(Place Place, Person Elder, Guid TaskId)> VulnerableResidentsTaskAsync()
    {
        var place = await api.NewCommunityAsync();
        var elder = await api.NewResidentAsync(place, circumstances: Circumstances.LivingAlone, name: "王秀英");
        var need = await (await api.Client(elder.Token).PostJsonAsync("/api/v1/needs", new
        {
            title = "陪同去医院复查",
            category = "elderlyCare",
            address = Address,
        })).ReadAsync<NeedResponse>(HttpStatusCode.Created);
        var now = api.Clock.GetUtcNow();
        var approved = await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/needs/{need.Id}/approve", new
        {
            slots = 2,
            points = 10,
            startsAt = now.AddHours(1),
            endsAt = now.AddHours(3),
        })).ReadAsync<ApprovedNeedResponse>(HttpStatusCode.Created);
        return (place, elder, approved.Task.Id);
    }

    private static (bool AddressHidden, string? Address) Seen(TaskResponse task) => (task.AddressHidden, task.Address);

    private async Task<TaskResponse> DetailAsync(string token, Guid taskId) =>
        await (await api.Client(token).GetAsync($"/api/v1/tasks/{taskId}")).ReadAsync<TaskResponse>();

    private async Task<TaskResponse> ListedAsync(string token, Place place, Guid taskId)
    {
        var page = await (await api.Client(token).GetAsync($"/api/v1/tasks?communityId={place.CommunityId}&pageSize=100"))
            .ReadAsync<Paged<TaskResponse>>();
        return Assert.Single(page.Items, t => t.Id == taskId);
    }
}
