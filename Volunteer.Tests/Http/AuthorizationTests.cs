using System.Net;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Claims;
using Volunteer.Api.Http;
using Volunteer.Api.Needs;
using Volunteer.Api.Points;
using Volunteer.Api.Rewards;
using Volunteer.Api.Tasks;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Tasks;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>
/// Staff act only inside their own community, partner staff only for their own organisation,
/// residents only on their own records. Each refusal is a 403 or 404 with a Chinese message and
/// leaves every row of the database as it was; the same request by the right person succeeds.
/// </summary>
public abstract class AuthorizationTests(ApiFactory api)
{
    private static readonly HttpStatusCode NotFound = HttpStatusCode.NotFound;
    private static readonly HttpStatusCode Forbidden = HttpStatusCode.Forbidden;

    [Fact]
    public async Task Staff_of_another_community_cannot_see_approve_or_reject_its_needs()
    {
        var (home, other) = await TwoCommunitiesOfOneStreetAsync();
        var requester = await api.NewResidentAsync(home, circumstances: Circumstances.LivingAlone);
        var need = await PostNeedAsync(requester);
        var outsider = api.Client(other.StaffToken);

        await api.ChangesNothingAsync(async () =>
        {
            await RefusedAsync(await outsider.GetAsync($"/api/v1/needs/{need.Id}"), NotFound, "need.notFound");
            await RefusedAsync(await outsider.PostJsonAsync("/api/v1/needs", new { title = "代下单", category = "elderlyCare", onBehalfOfMemberId = requester.Id }),
                NotFound, "member.notFound");
            await RefusedAsync(await outsider.PostJsonAsync($"/api/v1/needs/{need.Id}/approve", ApprovalTerms()), NotFound, "need.notFound");
            await RefusedAsync(await outsider.PostJsonAsync($"/api/v1/needs/{need.Id}/reject", new { reason = "不属实" }), NotFound, "need.notFound");
            var listed = await (await outsider.GetAsync("/api/v1/needs")).ReadAsync<Paged<NeedResponse>>();
            Assert.DoesNotContain(listed.Items, n => n.Id == need.Id);
        });

        var staff = api.Client(home.StaffToken);
        await (await staff.GetAsync($"/api/v1/needs/{need.Id}")).ShouldBeAsync(HttpStatusCode.OK);
        var approved = await (await staff.PostJsonAsync($"/api/v1/needs/{need.Id}/approve", ApprovalTerms()))
            .ReadAsync<ApprovedNeedResponse>(HttpStatusCode.Created);
        Assert.Equal(NeedStatus.Approved, approved.Need.Status);
        Assert.Equal(approved.Task.Id, await api.DbAsync(db => db.Needs.Where(n => n.Id == need.Id).Select(n => n.TaskId).SingleAsync()));

        // The task is public, but the address of a resident living alone is for their own community's staff only.
        var seenByOutsider = await (await outsider.GetAsync($"/api/v1/tasks/{approved.Task.Id}")).ReadAsync<TaskResponse>();
        Assert.Equal((null, true), (seenByOutsider.Address, seenByOutsider.AddressHidden));
        var seenByStaff = await (await staff.GetAsync($"/api/v1/tasks/{approved.Task.Id}")).ReadAsync<TaskResponse>();
        Assert.Equal("南苑小区 5 栋 302 室", seenByStaff.Address);
    }

    [Fact]
    public async Task Staff_of_another_community_cannot_see_or_verify_its_claims()
    {
        var (home, other) = await TwoCommunitiesOfOneStreetAsync();
        var volunteer = await api.NewResidentAsync(home);
        var taskId = await api.PublishTaskAsync(home, points: 20);
        var served = await api.ServeAsync(home, volunteer.Token, taskId);
        var outsider = api.Client(other.StaffToken);

        await api.ChangesNothingAsync(async () =>
        {
            await RefusedAsync(await outsider.GetAsync($"/api/v1/claims/{served.Id}"), NotFound, "claim.notFound");
            await RefusedAsync(await outsider.PostJsonAsync($"/api/v1/claims/{served.Id}/verify", new { approved = true }), NotFound, "claim.notFound");
            await RefusedAsync(await outsider.PostJsonAsync($"/api/v1/claims/{served.Id}/verify", new { approved = false, reason = "未到场" }),
                NotFound, "claim.notFound");
            await RefusedAsync(await outsider.PostJsonAsync($"/api/v1/claims/{served.Id}/rating", new { stars = 1 }), NotFound, "claim.notFound");
        });

        var verified = await (await api.Client(home.StaffToken).PostJsonAsync($"/api/v1/claims/{served.Id}/verify", new { approved = true }))
            .ReadAsync<ClaimResponse>();
        Assert.Equal((ClaimStatus.Verified, 20), (verified.Status, verified.PointsAwarded));
        Assert.Equal(20, await BalanceAsync(volunteer));
    }

    [Fact]
    public async Task Staff_of_another_community_cannot_see_or_adjust_its_members_points()
    {
        var (home, other) = await TwoCommunitiesOfOneStreetAsync();
        var member = await api.NewResidentAsync(home);
        var outsider = api.Client(other.StaffToken);

        await api.ChangesNothingAsync(async () =>
        {
            await RefusedAsync(await outsider.PostJsonAsync($"/api/v1/members/{member.Id}/points/adjustments", new { amount = 50, reason = "奖励" }),
                NotFound, "member.notFound");
            await RefusedAsync(await outsider.GetAsync($"/api/v1/members/{member.Id}/points"), NotFound, "member.notFound");
            await RefusedAsync(await outsider.GetAsync($"/api/v1/members/{member.Id}/points/ledger"), NotFound, "member.notFound");
            await RefusedAsync(await outsider.GetAsync($"/api/v1/members/{member.Id}"), NotFound, "member.notFound");
            await RefusedAsync(await outsider.PutJsonAsync($"/api/v1/members/{member.Id}/circumstances", new { circumstances = new[] { "lowIncome" } }),
                NotFound, "member.notFound");
            await RefusedAsync(await outsider.PostJsonAsync($"/api/v1/members/{member.Id}/party-membership/confirm"), NotFound, "member.notFound");
            var listed = await (await outsider.GetAsync("/api/v1/members?pageSize=100")).ReadAsync<Paged<Volunteer.Api.Members.MemberResponse>>();
            Assert.DoesNotContain(listed.Items, m => m.Id == member.Id);
        });

        await (await api.Client(home.StaffToken).PostJsonAsync($"/api/v1/members/{member.Id}/points/adjustments", new { amount = 50, reason = "奖励" }))
            .ShouldBeAsync(HttpStatusCode.Created);
        Assert.Equal(50, await BalanceAsync(member));
    }

    [Fact]
    public async Task Staff_of_another_community_cannot_run_its_tasks()
    {
        var (home, other) = await TwoCommunitiesOfOneStreetAsync();
        var volunteer = await api.NewResidentAsync(home);
        var taskId = await api.PublishTaskAsync(home);
        var claim = await api.ClaimAsync(volunteer.Token, taskId);
        var outsider = api.Client(other.StaffToken);

        await api.ChangesNothingAsync(async () =>
        {
            await RefusedAsync(await outsider.GetAsync($"/api/v1/tasks/{taskId}/check-in-code"), Forbidden, "community.forbidden");
            await RefusedAsync(await outsider.PostJsonAsync($"/api/v1/tasks/{taskId}/cancel", new { reason = "取消" }), Forbidden, "community.forbidden");
            await RefusedAsync(await outsider.GetAsync($"/api/v1/tasks/{taskId}/claims"), Forbidden, "community.forbidden");
            await RefusedAsync(await outsider.PostJsonAsync("/api/v1/tasks", new
            {
                communityId = home.CommunityId,
                title = "楼道清扫",
                category = "environment",
                slots = 3,
                points = 5,
                startsAt = api.Clock.GetUtcNow(),
                endsAt = api.Clock.GetUtcNow().AddHours(2),
            }), Forbidden, "community.forbidden");
        });

        var staff = api.Client(home.StaffToken);
        await (await staff.GetAsync($"/api/v1/tasks/{taskId}/check-in-code")).ShouldBeAsync(HttpStatusCode.OK);
        var claims = await (await staff.GetAsync($"/api/v1/tasks/{taskId}/claims")).ReadAsync<Paged<ClaimResponse>>();
        Assert.Equal(claim.Id, Assert.Single(claims.Items).Id);
        var cancelled = await (await staff.PostJsonAsync($"/api/v1/tasks/{taskId}/cancel", new { reason = "暴雨预警" })).ReadAsync<TaskResponse>();
        Assert.Equal(ServiceTaskStatus.Cancelled, cancelled.Status);
    }

    [Fact]
    public async Task Another_streets_residents_staff_and_partners_neither_see_nor_claim_its_tasks_rewards_and_partners()
    {
        var (home, neighbour) = await TwoCommunitiesOfOneStreetAsync();
        var elsewhere = await api.NewCommunityAsync(); // another street
        var taskId = await api.PublishTaskAsync(home, address: "东门大街 1 号");
        var shop = await api.NewShopAsync(home);
        var reward = await api.PublishRewardAsync(shop, home, cost: 20, stock: 5);
        var outsider = await api.NewResidentWithPointsAsync(elsewhere, 500);
        var homeless = await api.NewResidentAsync(home: null);
        var otherShop = await api.NewShopAsync(elsewhere);
        var resident = api.Client(outsider.Token);
        var staff = api.Client(elsewhere.StaffToken);

        await api.ChangesNothingAsync(async () =>
        {
            await RefusedAsync(await resident.GetAsync($"/api/v1/tasks/{taskId}"), NotFound, "task.notFound");
            await RefusedAsync(await resident.PostJsonAsync($"/api/v1/tasks/{taskId}/claims"), NotFound, "task.notFound");
            await RefusedAsync(await resident.GetAsync($"/api/v1/rewards/{reward.Id}"), NotFound, "reward.notFound");
            await RefusedAsync(await api.RedeemAsync(outsider.Token, reward.Id), NotFound, "reward.notFound");
            await RefusedAsync(await resident.GetAsync($"/api/v1/partners/{shop.Id}"), NotFound, "partner.notFound");
            await RefusedAsync(await resident.GetAsync($"/api/v1/rewards?communityId={home.CommunityId}"), NotFound, "community.notFound");
            await RefusedAsync(await resident.GetAsync($"/api/v1/partners?communityId={home.CommunityId}"), NotFound, "community.notFound");
            Assert.Empty((await (await resident.GetAsync($"/api/v1/tasks?communityId={home.CommunityId}")).ReadAsync<Paged<TaskResponse>>()).Items);
            Assert.DoesNotContain((await (await resident.GetAsync("/api/v1/tasks?pageSize=100")).ReadAsync<Paged<TaskResponse>>()).Items,
                t => t.Id == taskId);
            // Someone who has not chosen a home community yet belongs to no street.
            await RefusedAsync(await api.Client(homeless.Token).GetAsync($"/api/v1/tasks/{taskId}"), NotFound, "task.notFound");
            await RefusedAsync(await api.Client(homeless.Token).PostJsonAsync($"/api/v1/tasks/{taskId}/claims"), NotFound, "task.notFound");

            // Staff and partner staff of the other street find nothing either (404, not 403: it is not theirs to know of).
            await RefusedAsync(await staff.GetAsync($"/api/v1/tasks/{taskId}"), NotFound, "task.notFound");
            await RefusedAsync(await staff.GetAsync($"/api/v1/tasks/{taskId}/claims"), NotFound, "task.notFound");
            await RefusedAsync(await staff.GetAsync($"/api/v1/tasks/{taskId}/check-in-code"), NotFound, "task.notFound");
            await RefusedAsync(await staff.PostJsonAsync($"/api/v1/tasks/{taskId}/cancel", new { reason = "取消" }), NotFound, "task.notFound");
            await RefusedAsync(await api.Client(otherShop.Token).PostJsonAsync($"/api/v1/tasks/{taskId}/claims"), NotFound, "task.notFound");
            await RefusedAsync(await api.Client(otherShop.Token).GetAsync($"/api/v1/rewards/{reward.Id}"), NotFound, "reward.notFound");
        });
        Assert.Equal((5, 500), (await api.StockAsync(reward.Id), await api.BalanceAsync(outsider.Id)));
        Assert.False(await api.DbAsync(db => db.Redemptions.AnyAsync(r => r.MemberId == outsider.Id)));

        // A task is open to every resident of its street, not only of its community.
        var nextDoor = await api.NewResidentAsync(neighbour);
        var client = api.Client(nextDoor.Token);
        await (await client.GetAsync($"/api/v1/tasks/{taskId}")).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Contains((await (await client.GetAsync("/api/v1/tasks?pageSize=100")).ReadAsync<Paged<TaskResponse>>()).Items, t => t.Id == taskId);
        await api.ClaimAsync(nextDoor.Token, taskId);
        // A reward is seen street-wide and redeemed where it is offered.
        await (await client.GetAsync($"/api/v1/rewards/{reward.Id}")).ShouldBeAsync(HttpStatusCode.OK);
        await (await client.GetAsync($"/api/v1/partners/{shop.Id}")).ShouldBeAsync(HttpStatusCode.OK);
        await RefusedAsync(await api.RedeemAsync(nextDoor.Token, reward.Id), HttpStatusCode.Conflict, "reward.notAvailable");
        var local = await api.NewResidentWithPointsAsync(home, 50);
        await api.RedeemOkAsync(local.Token, reward.Id);
    }

    [Fact]
    public async Task A_resident_cannot_verify_a_claim_or_adjust_points_even_their_own()
    {
        var place = await api.NewCommunityAsync();
        var volunteer = await api.NewResidentAsync(place);
        var neighbour = await api.NewResidentAsync(place);
        var taskId = await api.PublishTaskAsync(place, points: 15);
        var served = await api.ServeAsync(place, volunteer.Token, taskId);

        await api.ChangesNothingAsync(async () =>
        {
            var self = api.Client(volunteer.Token);
            await RefusedAsync(await self.PostJsonAsync($"/api/v1/claims/{served.Id}/verify", new { approved = true }), Forbidden, "claim.notManager");
            await RefusedAsync(await self.PostJsonAsync($"/api/v1/members/{volunteer.Id}/points/adjustments", new { amount = 1000, reason = "自己加分" }),
                NotFound, "member.notFound");
            await RefusedAsync(await api.Client(neighbour.Token).PostJsonAsync($"/api/v1/claims/{served.Id}/verify", new { approved = true }),
                NotFound, "claim.notFound");
        });

        await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/claims/{served.Id}/verify", new { approved = true }))
            .ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(15, await BalanceAsync(volunteer));
    }

    [Fact]
    public async Task A_resident_cannot_see_another_members_points_ledger_claims_or_needs()
    {
        var place = await api.NewCommunityAsync();
        var owner = await api.NewResidentAsync(place);
        var snoop = await api.NewResidentAsync(place);
        var need = await PostNeedAsync(owner);
        var claim = await api.ClaimAsync(owner.Token, await api.PublishTaskAsync(place));
        await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/members/{owner.Id}/points/adjustments", new { amount = 30, reason = "补录" }))
            .ShouldBeAsync(HttpStatusCode.Created);
        var other = api.Client(snoop.Token);

        await api.ChangesNothingAsync(async () =>
        {
            await RefusedAsync(await other.GetAsync($"/api/v1/members/{owner.Id}/points/ledger"), NotFound, "member.notFound");
            await RefusedAsync(await other.GetAsync($"/api/v1/members/{owner.Id}/points"), NotFound, "member.notFound");
            await RefusedAsync(await other.GetAsync($"/api/v1/claims/{claim.Id}"), NotFound, "claim.notFound");
            await RefusedAsync(await other.GetAsync($"/api/v1/needs/{need.Id}"), NotFound, "need.notFound");
            await RefusedAsync(await other.PostJsonAsync($"/api/v1/claims/{claim.Id}/cancel"), NotFound, "claim.notFound");
            await RefusedAsync(await other.PostJsonAsync($"/api/v1/needs/{need.Id}/withdraw"), NotFound, "need.notFound");
            // Their own lists do not show someone else's records either.
            Assert.Empty((await (await other.GetAsync("/api/v1/me/claims")).ReadAsync<Paged<ClaimResponse>>()).Items);
            Assert.Empty((await (await other.GetAsync("/api/v1/me/points/ledger")).ReadAsync<Paged<LedgerEntryResponse>>()).Items);
            Assert.Empty((await (await other.GetAsync("/api/v1/needs")).ReadAsync<Paged<NeedResponse>>()).Items);
        });

        var self = api.Client(owner.Token);
        await (await self.GetAsync($"/api/v1/claims/{claim.Id}")).ShouldBeAsync(HttpStatusCode.OK);
        await (await self.GetAsync($"/api/v1/needs/{need.Id}")).ShouldBeAsync(HttpStatusCode.OK);
        var ledger = await (await self.GetAsync("/api/v1/me/points/ledger")).ReadAsync<Paged<LedgerEntryResponse>>();
        Assert.Equal(30, Assert.Single(ledger.Items).Amount);
    }

    [Fact]
    public async Task A_resident_cannot_check_in_on_someone_elses_claim_even_with_the_code_shown_on_site()
    {
        var place = await api.NewCommunityAsync();
        var volunteer = await api.NewResidentAsync(place);
        var bystander = await api.NewResidentAsync(place);
        var taskId = await api.PublishTaskAsync(place);
        var claim = await api.ClaimAsync(volunteer.Token, taskId);
        var code = (await (await api.Client(place.StaffToken).GetAsync($"/api/v1/tasks/{taskId}/check-in-code"))
            .ReadAsync<CheckInCodeResponse>()).Code;

        await api.ChangesNothingAsync(async () =>
        {
            var other = api.Client(bystander.Token);
            await RefusedAsync(await other.PostJsonAsync($"/api/v1/claims/{claim.Id}/check-in", new { code }), NotFound, "claim.notFound");
            await RefusedAsync(await other.PostJsonAsync($"/api/v1/claims/{claim.Id}/check-out"), NotFound, "claim.notFound");
        });

        var checkedIn = await (await api.Client(volunteer.Token).PostJsonAsync($"/api/v1/claims/{claim.Id}/check-in", new { code }))
            .ReadAsync<ClaimResponse>();
        Assert.Equal(ClaimStatus.CheckedIn, checkedIn.Status);
    }

    [Fact]
    public async Task The_resident_served_sees_the_claim_but_cannot_check_in_or_cancel_for_the_volunteer()
    {
        var place = await api.NewCommunityAsync();
        var elder = await api.NewResidentAsync(place, circumstances: Circumstances.LivingAlone);
        var volunteer = await api.NewResidentAsync(place);
        var need = await PostNeedAsync(elder);
        var approved = await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/needs/{need.Id}/approve", ApprovalTerms()))
            .ReadAsync<ApprovedNeedResponse>(HttpStatusCode.Created);
        var claim = await api.ClaimAsync(volunteer.Token, approved.Task.Id);
        var code = (await (await api.Client(place.StaffToken).GetAsync($"/api/v1/tasks/{approved.Task.Id}/check-in-code"))
            .ReadAsync<CheckInCodeResponse>()).Code;
        var requester = api.Client(elder.Token);

        await api.ChangesNothingAsync(async () =>
        {
            await (await requester.GetAsync($"/api/v1/claims/{claim.Id}")).ShouldBeAsync(HttpStatusCode.OK);
            await RefusedAsync(await requester.PostJsonAsync($"/api/v1/claims/{claim.Id}/check-in", new { code }), Forbidden, "claim.notClaimant");
            await RefusedAsync(await requester.PostJsonAsync($"/api/v1/claims/{claim.Id}/cancel"), Forbidden, "claim.notClaimant");
        });

        await (await api.Client(volunteer.Token).PostJsonAsync($"/api/v1/claims/{claim.Id}/check-in", new { code })).ShouldBeAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Partner_staff_cannot_act_on_another_organisations_claim()
    {
        var place = await api.NewCommunityAsync();
        var (_, bank) = await api.NewPartnerAsync(place);
        var (_, school) = await api.NewPartnerAsync(place);
        var taskId = await api.PublishTaskAsync(place, slots: 2);
        var claim = await (await api.Client(bank.Token).PostJsonAsync($"/api/v1/tasks/{taskId}/claims")).ReadAsync<ClaimResponse>(HttpStatusCode.Created);
        var code = (await (await api.Client(place.StaffToken).GetAsync($"/api/v1/tasks/{taskId}/check-in-code"))
            .ReadAsync<CheckInCodeResponse>()).Code;

        await api.ChangesNothingAsync(async () =>
        {
            var other = api.Client(school.Token);
            await RefusedAsync(await other.GetAsync($"/api/v1/claims/{claim.Id}"), NotFound, "claim.notFound");
            await RefusedAsync(await other.PostJsonAsync($"/api/v1/claims/{claim.Id}/check-in", new { code }), NotFound, "claim.notFound");
            await RefusedAsync(await other.PostJsonAsync($"/api/v1/claims/{claim.Id}/check-out"), NotFound, "claim.notFound");
            await RefusedAsync(await other.PostJsonAsync($"/api/v1/claims/{claim.Id}/cancel"), NotFound, "claim.notFound");
            await RefusedAsync(await other.PostJsonAsync($"/api/v1/claims/{claim.Id}/verify", new { approved = true }), NotFound, "claim.notFound");
            Assert.Empty((await (await other.GetAsync("/api/v1/me/claims")).ReadAsync<Paged<ClaimResponse>>()).Items);
            // Nor may the organisation's own staff verify its service.
            await RefusedAsync(await api.Client(bank.Token).PostJsonAsync($"/api/v1/claims/{claim.Id}/verify", new { approved = true }),
                Forbidden, "claim.notManager");
        });

        var checkedIn = await (await api.Client(bank.Token).PostJsonAsync($"/api/v1/claims/{claim.Id}/check-in", new { code }))
            .ReadAsync<ClaimResponse>();
        Assert.Equal(ClaimStatus.CheckedIn, checkedIn.Status);
    }

    [Fact]
    public async Task A_party_members_only_task_refuses_anyone_whose_membership_is_not_confirmed()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);
        var declared = await api.NewResidentAsync(place);
        await (await api.Client(declared.Token).PutJsonAsync("/api/v1/me", new
        {
            name = "陈静",
            communityId = place.CommunityId,
            gridId = place.GridId,
            party = new { branch = "第一党支部", workUnit = "丹阳市实验小学", inService = true },
        })).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(PartyStatus.Pending, await api.DbAsync(db => db.Members.Where(m => m.Id == declared.Id).Select(m => m.PartyStatus).SingleAsync()));
        var (_, unit) = await api.NewPartnerAsync(place);
        var partyMember = await api.NewResidentAsync(place, partyMember: true);
        var taskId = await api.PublishTaskAsync(place, partyMembersOnly: true);

        await api.ChangesNothingAsync(async () =>
        {
            foreach (var token in new[] { resident.Token, declared.Token, unit.Token })
                await RefusedAsync(await api.Client(token).PostJsonAsync($"/api/v1/tasks/{taskId}/claims"), Forbidden, "task.partyMembersOnly");
        });

        await api.ClaimAsync(partyMember.Token, taskId);
        var (taken, claimant) = await api.DbAsync(async db => (
            await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync(),
            await db.Claims.Where(c => c.TaskId == taskId).Select(c => c.MemberId).SingleAsync()));
        Assert.Equal((1, partyMember.Id), (taken, claimant));
    }

    [Fact]
    public async Task An_admin_of_another_street_cannot_manage_the_community()
    {
        var place = await api.NewCommunityAsync();
        var elsewhere = await api.NewCommunityAsync();
        var stranger = api.Client((await api.NewAdminAsync(elsewhere.StreetId)).Token);
        var resident = await api.NewResidentAsync(place);
        var need = await PostNeedAsync(resident);
        var taskId = await api.PublishTaskAsync(place);
        var served = await api.ServeAsync(place, resident.Token, taskId);
        var update = new { name = "改名社区", kind = "urban", address = "别处" };
        var staffAccount = place.Staff.Id;

        await api.ChangesNothingAsync(async () =>
        {
            await RefusedAsync(await stranger.PutJsonAsync($"/api/v1/communities/{place.CommunityId}", update), Forbidden, "community.forbidden");
            await RefusedAsync(await stranger.PostJsonAsync($"/api/v1/communities/{place.CommunityId}/grids", new { name = "第九网格" }),
                Forbidden, "community.forbidden");
            await RefusedAsync(await stranger.PutJsonAsync($"/api/v1/grids/{place.GridId}", new { name = "第九网格" }), Forbidden, "community.forbidden");
            await RefusedAsync(await stranger.PostJsonAsync($"/api/v1/admin/accounts/{staffAccount}/disable"), NotFound, "account.notFound");
            await RefusedAsync(await stranger.PostJsonAsync($"/api/v1/admin/accounts/{staffAccount}/password", new { password = "Takeover123" }),
                NotFound, "account.notFound");
            var accounts = await (await stranger.GetAsync("/api/v1/admin/accounts?pageSize=100")).ReadAsync<Paged<Volunteer.Api.Admin.AccountResponse>>();
            Assert.DoesNotContain(accounts.Items, a => a.Id == staffAccount);
            await RefusedAsync(await stranger.PostJsonAsync("/api/v1/admin/accounts", new
            {
                username = "intruder-" + Guid.NewGuid().ToString("N")[..8],
                password = World.Password,
                displayName = "冒名工作人员",
                role = "communityStaff",
                communityId = place.CommunityId,
            }), Forbidden, "community.forbidden");
            await RefusedAsync(await stranger.PostJsonAsync("/api/v1/members", new { name = "王秀英", communityId = place.CommunityId }),
                Forbidden, "community.forbidden");
            await RefusedAsync(await stranger.PostJsonAsync("/api/v1/tasks", new
            {
                communityId = place.CommunityId,
                title = "楼道清扫",
                category = "environment",
                slots = 3,
                points = 5,
                startsAt = api.Clock.GetUtcNow(),
                endsAt = api.Clock.GetUtcNow().AddHours(2),
            }), Forbidden, "community.forbidden");
            // Another street's task is not there for this admin at all.
            await RefusedAsync(await stranger.GetAsync($"/api/v1/tasks/{taskId}/check-in-code"), NotFound, "task.notFound");
            await RefusedAsync(await stranger.GetAsync($"/api/v1/tasks/{taskId}"), NotFound, "task.notFound");
            await RefusedAsync(await stranger.GetAsync($"/api/v1/members/{resident.Id}"), NotFound, "member.notFound");
            await RefusedAsync(await stranger.PostJsonAsync($"/api/v1/members/{resident.Id}/points/adjustments", new { amount = 10, reason = "奖励" }),
                NotFound, "member.notFound");
            await RefusedAsync(await stranger.GetAsync($"/api/v1/needs/{need.Id}"), NotFound, "need.notFound");
            await RefusedAsync(await stranger.PostJsonAsync($"/api/v1/claims/{served.Id}/verify", new { approved = true }), NotFound, "claim.notFound");
        });

        var admin = api.Client((await api.NewAdminAsync(place.StreetId)).Token);
        await (await admin.PutJsonAsync($"/api/v1/communities/{place.CommunityId}", update)).ShouldBeAsync(HttpStatusCode.OK);
        await (await admin.PostJsonAsync($"/api/v1/claims/{served.Id}/verify", new { approved = true })).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("改名社区", await api.DbAsync(db => db.Communities.Where(c => c.Id == place.CommunityId).Select(c => c.Name).SingleAsync()));
    }

    [Fact]
    public async Task Honours_surveys_and_statistics_stay_inside_their_community_and_street()
    {
        var (home, other) = await TwoCommunitiesOfOneStreetAsync();
        var admin = await api.NewAdminAsync(home.StreetId);
        var stranger = await api.NewAdminAsync((await api.NewCommunityAsync()).StreetId);
        var resident = await api.NewResidentAsync(home);
        var neighbour = await api.NewResidentAsync(other);
        var title = await (await api.Client(admin.Token).PostJsonAsync("/api/v1/honor-titles", new { name = "道德模范", subject = "person", cadence = "yearly", bonusPoints = 30 }))
            .ReadAsync<Volunteer.Api.Recognition.HonorTitleResponse>(HttpStatusCode.Created);
        var nomination = await (await api.Client(home.StaffToken).PostJsonAsync("/api/v1/honor-nominations",
            new { titleId = title.Id, memberId = resident.Id, reason = "见义勇为" })).ReadAsync<Volunteer.Api.Recognition.NominationResponse>(HttpStatusCode.Created);
        var now = api.Clock.GetUtcNow();
        var survey = await (await api.Client(home.StaffToken).PostJsonAsync("/api/v1/surveys", new { title = "满意度调查", opensAt = now.AddMinutes(-1), closesAt = now.AddDays(1) }))
            .ReadAsync<Volunteer.Api.Satisfaction.SurveyResponse>(HttpStatusCode.Created);
        var (staff, outsider, mine, theirs, foreign) = (api.Client(home.StaffToken), api.Client(other.StaffToken), api.Client(resident.Token),
            api.Client(neighbour.Token), api.Client(stranger.Token));
        var decide = $"/api/v1/honor-nominations/{nomination.Id}/approve";

        await api.ChangesNothingAsync(async () =>
        {
            // Titles are the street admin's; nominations are staff's, of their own community's residents; decisions are the street's.
            await RefusedAsync(await staff.PostJsonAsync("/api/v1/honor-titles", new { name = "好媳妇", subject = "person", cadence = "yearly" }), Forbidden, "role.adminOnly");
            await RefusedAsync(await staff.PostJsonAsync($"/api/v1/honor-titles/{title.Id}/retire"), Forbidden, "role.adminOnly");
            await RefusedAsync(await foreign.PostJsonAsync($"/api/v1/honor-titles/{title.Id}/retire"), NotFound, "honorTitle.notFound");
            await RefusedAsync(await mine.PostJsonAsync("/api/v1/honor-nominations", new { titleId = title.Id, memberId = resident.Id, reason = "自荐" }),
                Forbidden, "nomination.staffOnly");
            await RefusedAsync(await api.Client(admin.Token).PostJsonAsync("/api/v1/honor-nominations", new { titleId = title.Id, memberId = resident.Id, reason = "好" }),
                Forbidden, "nomination.staffOnly");
            await RefusedAsync(await outsider.PostJsonAsync("/api/v1/honor-nominations", new { titleId = title.Id, memberId = resident.Id, reason = "好" }),
                NotFound, "member.notFound");
            await RefusedAsync(await staff.PostJsonAsync(decide), Forbidden, "nomination.adminOnly");
            await RefusedAsync(await outsider.PostJsonAsync(decide), NotFound, "nomination.notFound");
            await RefusedAsync(await outsider.GetAsync($"/api/v1/honor-nominations/{nomination.Id}"), NotFound, "nomination.notFound");
            await RefusedAsync(await mine.PostJsonAsync(decide), NotFound, "nomination.notFound");
            await RefusedAsync(await foreign.PostJsonAsync(decide), NotFound, "nomination.notFound");
            await RefusedAsync(await foreign.PostJsonAsync($"/api/v1/honor-nominations/{nomination.Id}/reject", new { reason = "不符合" }), NotFound, "nomination.notFound");
            await RefusedAsync(await mine.GetAsync("/api/v1/honor-nominations"), Forbidden, "role.staffOnly");
            Assert.Empty((await (await outsider.GetAsync("/api/v1/honor-nominations")).ReadAsync<Paged<Volunteer.Api.Recognition.NominationResponse>>()).Items);
            await RefusedAsync(await foreign.GetAsync($"/api/v1/honors/awards?communityId={home.CommunityId}"), Forbidden, "ranking.forbidden");

            // A survey is its community's: others do not see it, residents answer but do not manage it.
            await RefusedAsync(await outsider.GetAsync($"/api/v1/surveys/{survey.Id}"), NotFound, "survey.notFound");
            await RefusedAsync(await outsider.PostJsonAsync($"/api/v1/surveys/{survey.Id}/close"), NotFound, "survey.notFound");
            await RefusedAsync(await foreign.GetAsync($"/api/v1/surveys/{survey.Id}/results"), NotFound, "survey.notFound");
            await RefusedAsync(await theirs.PostJsonAsync($"/api/v1/surveys/{survey.Id}/answers", new { level = "dissatisfied" }), NotFound, "survey.notFound");
            await RefusedAsync(await staff.PostJsonAsync($"/api/v1/surveys/{survey.Id}/answers", new { level = "satisfied" }), Forbidden, "role.residentOnly");
            await RefusedAsync(await mine.PostJsonAsync($"/api/v1/surveys/{survey.Id}/close"), Forbidden, "survey.forbidden");
            await RefusedAsync(await mine.GetAsync($"/api/v1/surveys/{survey.Id}/results"), Forbidden, "survey.forbidden");
            await RefusedAsync(await outsider.PostJsonAsync("/api/v1/surveys", new { title = "x", opensAt = now, closesAt = now.AddDays(1), communityId = home.CommunityId }),
                Forbidden, "community.forbidden");

            // Statistics: one's own community or street only.
            await RefusedAsync(await outsider.GetAsync($"/api/v1/reports/statistics?period=2025-01&communityId={home.CommunityId}"), Forbidden, "community.forbidden");
            await RefusedAsync(await foreign.GetAsync($"/api/v1/reports/statistics?period=2025-01&streetId={home.StreetId}"), Forbidden, "street.forbidden");
            await RefusedAsync(await mine.GetAsync("/api/v1/reports/statistics.xlsx?period=2025-01"), Forbidden, "role.staffOnly");
        });

        await (await api.Client(admin.Token).PostJsonAsync(decide)).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(30, await BalanceAsync(resident));
        await (await mine.PostJsonAsync($"/api/v1/surveys/{survey.Id}/answers", new { level = "satisfied" })).ShouldBeAsync(HttpStatusCode.Created);
        await (await staff.PostJsonAsync($"/api/v1/surveys/{survey.Id}/close")).ShouldBeAsync(HttpStatusCode.OK);
    }

    /// <summary>Two communities of the same street: staff scope must stop at the community, not the street.</summary>
    [Fact]
    public async Task Households_are_managed_by_their_communitys_staff_and_street_only()
    {
        var (home, other) = await TwoCommunitiesOfOneStreetAsync();
        var head = await api.NewResidentAsync(home);
        var lodger = await api.NewResidentAsync(home);
        var created = await (await api.Client(home.StaffToken).PostJsonAsync("/api/v1/households", new { addressUnit = "6栋601", headMemberId = head.Id }))
            .ReadAsync<Volunteer.Api.Households.HouseholdResponse>(HttpStatusCode.Created);
        var outsider = api.Client(other.StaffToken);
        var foreignAdmin = api.Client((await api.NewAdminAsync((await api.NewCommunityAsync()).StreetId)).Token);
        var resident = api.Client(head.Token);
        var partner = api.Client((await api.NewPartnerAsync(home)).Staff.Token);

        await api.ChangesNothingAsync(async () =>
        {
            foreach (var stranger in new[] { outsider, foreignAdmin })
            {
                await RefusedAsync(await stranger.GetAsync($"/api/v1/households/{created.Id}"), NotFound, "household.notFound");
                await RefusedAsync(await stranger.PutJsonAsync($"/api/v1/households/{created.Id}", new { addressUnit = "6栋602" }), NotFound, "household.notFound");
                await RefusedAsync(await stranger.PostJsonAsync($"/api/v1/households/{created.Id}/members", new { memberId = lodger.Id }),
                    NotFound, "household.notFound");
                await RefusedAsync(await stranger.DeleteAsync($"/api/v1/households/{created.Id}/members/{head.Id}"), NotFound, "household.notFound");
                var listed = await (await stranger.GetAsync("/api/v1/households?pageSize=100")).ReadAsync<Paged<Volunteer.Api.Households.HouseholdSummaryResponse>>();
                Assert.DoesNotContain(listed.Items, h => h.Id == created.Id);
            }
            await RefusedAsync(await outsider.PostJsonAsync("/api/v1/households", new { communityId = home.CommunityId, addressUnit = "6栋603" }),
                Forbidden, "community.forbidden");
            await RefusedAsync(await foreignAdmin.PostJsonAsync("/api/v1/households", new { communityId = home.CommunityId, addressUnit = "6栋603" }),
                Forbidden, "community.forbidden");
            foreach (var notStaff in new[] { resident, partner })
            {
                await RefusedAsync(await notStaff.GetAsync("/api/v1/households"), Forbidden, "role.staffOnly");
                await RefusedAsync(await notStaff.PostJsonAsync("/api/v1/households", new { communityId = home.CommunityId, addressUnit = "6栋603" }),
                    Forbidden, "role.staffOnly");
                await RefusedAsync(await notStaff.GetAsync($"/api/v1/households/{created.Id}"), NotFound, "household.notFound");
                await RefusedAsync(await notStaff.PostJsonAsync($"/api/v1/households/{created.Id}/members", new { memberId = lodger.Id }),
                    NotFound, "household.notFound");
            }
        });

        var admin = api.Client((await api.NewAdminAsync(home.StreetId)).Token);
        await (await admin.PostJsonAsync($"/api/v1/households/{created.Id}/members", new { memberId = lodger.Id })).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(created.Id, await api.DbAsync(db => db.Members.Where(m => m.Id == lodger.Id).Select(m => m.HouseholdId).SingleAsync()));
    }

    [Fact]
    public async Task A_grid_worker_is_refused_outside_their_grid_and_changes_nothing()
    {
        var (home, other) = await TwoCommunitiesOfOneStreetAsync();
        var admin = api.Client((await api.NewAdminAsync(home.StreetId)).Token);
        var account = await (await admin.PostJsonAsync("/api/v1/admin/accounts", new
        {
            username = "grid-" + Guid.NewGuid().ToString("N")[..8], password = World.Password, displayName = "网格员", role = "gridWorker", gridId = other.GridId,
        })).ReadAsync<Volunteer.Api.Admin.AccountResponse>(HttpStatusCode.Created);
        var worker = api.Client(await api.DbAsync(async db => api.TokenFor(await db.Accounts.SingleAsync(a => a.Id == account.Id))));
        var requester = await api.NewResidentAsync(home, circumstances: Circumstances.LivingAlone);
        var need = await PostNeedAsync(requester);
        var volunteer = await api.NewResidentAsync(home);
        var taskId = await api.PublishTaskAsync(home);
        var served = await api.ServeAsync(home, volunteer.Token, taskId);

        await api.ChangesNothingAsync(async () =>
        {
            await RefusedAsync(await worker.GetAsync($"/api/v1/needs/{need.Id}"), NotFound, "need.notFound");
            await RefusedAsync(await worker.PostJsonAsync($"/api/v1/needs/{need.Id}/approve", ApprovalTerms()), NotFound, "need.notFound");
            await RefusedAsync(await worker.PostJsonAsync("/api/v1/needs", new { title = "代下单", category = "elderlyCare", onBehalfOfMemberId = requester.Id }),
                NotFound, "member.notFound");
            await RefusedAsync(await worker.GetAsync($"/api/v1/members/{requester.Id}"), NotFound, "member.notFound");
            await RefusedAsync(await worker.PostJsonAsync($"/api/v1/claims/{served.Id}/verify", new { approved = true }), NotFound, "claim.notFound");
            await RefusedAsync(await worker.PostJsonAsync($"/api/v1/tasks/{taskId}/cancel", new { reason = "取消" }), Forbidden, "community.forbidden");
            await RefusedAsync(await worker.PostJsonAsync("/api/v1/tasks", new
            {
                communityId = home.CommunityId, title = "清扫", category = "environment", slots = 1, points = 5,
                startsAt = api.Clock.GetUtcNow(), endsAt = api.Clock.GetUtcNow().AddHours(2),
            }), Forbidden, "community.forbidden");
            Assert.Empty((await (await worker.GetAsync("/api/v1/needs?pageSize=100")).ReadAsync<Paged<NeedResponse>>()).Items);
            Assert.Empty((await (await worker.GetAsync("/api/v1/members?pageSize=100")).ReadAsync<Paged<Volunteer.Api.Members.MemberResponse>>()).Items);
        });
    }

    [Fact]
    public async Task Escalations_are_seen_and_changed_only_by_their_street_community_departments_and_resident()
    {
        var (home, other) = await TwoCommunitiesOfOneStreetAsync();
        var admin = await api.NewAdminAsync(home.StreetId);
        var sent = await api.NewDepartmentAsync(admin);
        var notSent = await api.NewDepartmentAsync(admin);
        var resident = await api.NewResidentAsync(home);
        var neighbour = await api.NewResidentAsync(home);
        var foreignPlace = await api.NewCommunityAsync();
        var foreignAdmin = await api.NewAdminAsync(foreignPlace.StreetId);
        var foreignDepartment = await api.NewDepartmentAsync(foreignAdmin);
        var (_, partner) = await api.NewPartnerAsync(home);
        var escalation = await api.EscalatedNeedAsync(home, resident);
        await api.DispatchAsync(admin, escalation.Id, api.Clock.GetUtcNow().AddDays(2), sent);
        var pendingNeed = await PostNeedAsync(neighbour);
        var url = $"/api/v1/escalations/{escalation.Id}";
        var dispatch = new { departmentIds = new[] { notSent.Id }, dueAt = api.Clock.GetUtcNow().AddDays(2) };

        await api.ChangesNothingAsync(async () =>
        {
            // Those who may not see it: 404 for every route.
            foreach (var token in new[] { notSent.StaffToken, other.StaffToken, foreignAdmin.Token, foreignDepartment.StaffToken, neighbour.Token, partner.Token })
            {
                var client = api.Client(token);
                await RefusedAsync(await client.GetAsync(url), NotFound, "escalation.notFound");
                await RefusedAsync(await client.PostJsonAsync($"{url}/dispatch", dispatch), NotFound, "escalation.notFound");
                await RefusedAsync(await client.PostJsonAsync($"{url}/acknowledge"), NotFound, "escalation.notFound");
                await RefusedAsync(await client.PostJsonAsync($"{url}/resolve", new { outcome = "已处理" }), NotFound, "escalation.notFound");
                await RefusedAsync(await client.PostJsonAsync($"{url}/satisfaction", new { level = "satisfied" }), NotFound, "escalation.notFound");
                var listed = await (await client.GetAsync("/api/v1/escalations")).ReadAsync<Paged<Volunteer.Api.Escalations.EscalationResponse>>();
                Assert.DoesNotContain(listed.Items, e => e.Id == escalation.Id);
            }
            // Those who see it but may not do the step: 403.
            await RefusedAsync(await api.Client(sent.StaffToken).PostJsonAsync($"{url}/dispatch", dispatch), Forbidden, "escalation.adminOnly");
            await RefusedAsync(await api.Client(home.StaffToken).PostJsonAsync($"{url}/dispatch", dispatch), Forbidden, "escalation.adminOnly");
            await RefusedAsync(await api.Client(resident.Token).PostJsonAsync($"{url}/dispatch", dispatch), Forbidden, "escalation.adminOnly");
            await RefusedAsync(await api.Client(admin.Token).PostJsonAsync($"{url}/acknowledge"), Forbidden, "escalation.departmentOnly");
            await RefusedAsync(await api.Client(home.StaffToken).PostJsonAsync($"{url}/resolve", new { outcome = "已处理" }), Forbidden, "escalation.departmentOnly");
            await RefusedAsync(await api.Client(resident.Token).PostJsonAsync($"{url}/acknowledge"), Forbidden, "escalation.departmentOnly");
            await RefusedAsync(await api.Client(sent.StaffToken).PostJsonAsync($"{url}/satisfaction", new { level = "satisfied" }), Forbidden, "escalation.rateForbidden");
            // Another street's department is not one of this street's.
            await RefusedAsync(await api.Client(admin.Token).PostJsonAsync($"{url}/dispatch",
                new { departmentIds = new[] { foreignDepartment.Id }, dueAt = api.Clock.GetUtcNow().AddDays(2) }), HttpStatusCode.BadRequest, "validation");
            // Only the community's own staff raise its needs.
            var raise = $"/api/v1/needs/{pendingNeed.Id}/escalation";
            await RefusedAsync(await api.Client(other.StaffToken).PostJsonAsync(raise, new { reason = "上报" }), NotFound, "need.notFound");
            await RefusedAsync(await api.Client(sent.StaffToken).PostJsonAsync(raise, new { reason = "上报" }), NotFound, "need.notFound");
            await RefusedAsync(await api.Client(admin.Token).PostJsonAsync(raise, new { reason = "上报" }), Forbidden, "escalation.staffOnly");
            await RefusedAsync(await api.Client(neighbour.Token).PostJsonAsync(raise, new { reason = "上报" }), Forbidden, "escalation.staffOnly");
            // Departments and their figures are the street admins'.
            await RefusedAsync(await api.Client(sent.StaffToken).GetAsync("/api/v1/admin/departments"), Forbidden, "role.adminOnly");
            await RefusedAsync(await api.Client(sent.StaffToken).GetAsync($"/api/v1/reports/escalations?period={Period.Of(api.Clock.GetUtcNow())}"),
                Forbidden, "role.adminOnly");
            await RefusedAsync(await api.Client(foreignAdmin.Token).GetAsync($"/api/v1/admin/departments?streetId={home.StreetId}"), Forbidden, "street.forbidden");
        });

        // The right people: each sees it, and the department sent it acts.
        foreach (var token in new[] { admin.Token, home.StaffToken, sent.StaffToken, resident.Token })
            await (await api.Client(token).GetAsync(url)).ShouldBeAsync(HttpStatusCode.OK);
        await api.AcknowledgeAsync(sent, escalation.Id);
    }

    private async Task<(Place Home, Place Other)> TwoCommunitiesOfOneStreetAsync()
    {
        var home = await api.NewCommunityAsync();
        return (home, await api.NewCommunityAsync(home.StreetId));
    }

    private async Task<NeedResponse> PostNeedAsync(Person requester) =>
        await (await api.Client(requester.Token).PostJsonAsync("/api/v1/needs", new
        {
            title = "帮忙更换水龙头",
            description = "厨房水龙头漏水",
            category = "elderlyCare",
            address = "南苑小区 5 栋 302 室",
        })).ReadAsync<NeedResponse>(HttpStatusCode.Created);

    private object ApprovalTerms() => new
    {
        slots = 1,
        points = 10,
        startsAt = api.Clock.GetUtcNow().AddMinutes(-5),
        endsAt = api.Clock.GetUtcNow().AddHours(3),
    };

    private Task<int> BalanceAsync(Person member) =>
        api.DbAsync(db => db.PointsAccounts.Where(a => a.MemberId == member.Id).Select(a => a.Balance).SingleAsync());

    private static async Task RefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code) =>
        Assert.Equal(code, (await response.ProblemAsync(status)).Code);
}

public sealed class AuthorizationOnPostgres(PostgresApi api) : AuthorizationTests(api), IClassFixture<PostgresApi>;

public sealed class AuthorizationOnSqlite(SqliteApi api) : AuthorizationTests(api), IClassFixture<SqliteApi>;
