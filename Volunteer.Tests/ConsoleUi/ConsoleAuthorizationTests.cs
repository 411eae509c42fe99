using System.Net;
using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Tasks;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.ConsoleUi;

/// <summary>Each console page checks the same scopes as the API: the wrong role gets 403, another community's staff 403 or 404, and nothing changes.</summary>
public sealed class ConsoleAuthorizationTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    public static readonly TheoryData<string> StaffPages = new() { "/console/needs", "/console/tasks", "/console/tasks/new", "/console/verification", "/console/board", "/console/members" };
    public static readonly TheoryData<string> PartnerPages = new() { "/console/counter", "/console/rewards", "/console/rewards/new", "/console/redemptions" };
    public static readonly TheoryData<string> AdminPages = new() { "/console/dashboard", "/console/reports", "/console/job-runs", "/console/rankings", "/console/partners", "/console/accounts" };

    [Theory]
    [MemberData(nameof(StaffPages))]
    public async Task Staff_pages_are_refused_to_partner_staff_and_admins(string path)
    {
        var place = await api.NewCommunityAsync();
        var (_, partner) = await api.NewPartnerAsync(place);
        var admin = await api.NewAdminAsync(place.StreetId);

        await (await ConsoleSession.SignInAsync(api, partner.Account.Username)).HtmlAsync(path, HttpStatusCode.Forbidden);
        var refused = await (await ConsoleSession.SignInAsync(api, admin.Account.Username)).HtmlAsync(path, HttpStatusCode.Forbidden);
        Assert.Contains("无权", refused);
        await (await ConsoleSession.SignInAsync(api, place.Staff.Username)).HtmlAsync(path);
    }

    [Theory]
    [MemberData(nameof(PartnerPages))]
    public async Task Partner_pages_are_refused_to_staff_and_admins(string path)
    {
        var place = await api.NewCommunityAsync();
        var (_, partner) = await api.NewPartnerAsync(place);
        var admin = await api.NewAdminAsync(place.StreetId);

        await (await ConsoleSession.SignInAsync(api, place.Staff.Username)).HtmlAsync(path, HttpStatusCode.Forbidden);
        await (await ConsoleSession.SignInAsync(api, admin.Account.Username)).HtmlAsync(path, HttpStatusCode.Forbidden);
        await (await ConsoleSession.SignInAsync(api, partner.Account.Username)).HtmlAsync(path);
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Admin_pages_are_refused_to_staff_and_partner_staff(string path)
    {
        var place = await api.NewCommunityAsync();
        var (_, partner) = await api.NewPartnerAsync(place);
        var admin = await api.NewAdminAsync(place.StreetId);

        await (await ConsoleSession.SignInAsync(api, place.Staff.Username)).HtmlAsync(path, HttpStatusCode.Forbidden);
        await (await ConsoleSession.SignInAsync(api, partner.Account.Username)).HtmlAsync(path, HttpStatusCode.Forbidden);
        await (await ConsoleSession.SignInAsync(api, admin.Account.Username)).HtmlAsync(path);
    }

    [Fact]
    public async Task Another_communitys_staff_cannot_see_or_decide_a_need_and_nothing_changes()
    {
        var place = await api.NewCommunityAsync();
        var other = await api.NewCommunityAsync(place.StreetId);
        var resident = await api.NewResidentAsync(place);
        var needId = await PostNeedAsync(resident.Token);
        var outsider = await ConsoleSession.SignInAsync(api, other.Staff.Username);
        var own = await ConsoleSession.SignInAsync(api, place.Staff.Username);
        var form = await own.HtmlAsync($"/console/needs/{needId}");

        Assert.DoesNotContain("楼道灯", await outsider.HtmlAsync("/console/needs"));
        await outsider.HtmlAsync($"/console/needs/{needId}", HttpStatusCode.NotFound);
        var token = ConsoleSession.TokenIn(await outsider.HtmlAsync("/console/needs"))!;
        var reject = await outsider.Client.PostAsync($"/console/needs?handler=Reject&id={needId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["reason"] = "不是本社区的",
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.NotFound, reject.StatusCode);
        Assert.Equal(NeedStatus.Pending, await api.DbAsync(db => db.Needs.Where(n => n.Id == needId).Select(n => n.Status).SingleAsync()));
        Assert.Contains("通过并发布", form);
    }

    [Fact]
    public async Task Another_communitys_staff_get_403_on_a_task_its_check_in_code_and_cannot_verify_its_claims()
    {
        var place = await api.NewCommunityAsync();
        var other = await api.NewCommunityAsync(place.StreetId);
        var resident = await api.NewResidentAsync(place);
        var taskId = await api.PublishTaskAsync(place);
        var claim = await api.ClaimAsync(resident.Token, taskId);
        var code = await (await api.Client(place.StaffToken).GetAsync($"/api/v1/tasks/{taskId}/check-in-code")).ReadAsync<Volunteer.Api.Tasks.CheckInCodeResponse>();
        await (await api.Client(resident.Token).PostJsonAsync($"/api/v1/claims/{claim.Id}/check-in", new { code = code.Code })).ShouldBeAsync(HttpStatusCode.OK);
        var outsider = await ConsoleSession.SignInAsync(api, other.Staff.Username);

        await outsider.HtmlAsync($"/console/tasks/{taskId}", HttpStatusCode.Forbidden);
        await outsider.HtmlAsync($"/console/tasks/{taskId}/check-in", HttpStatusCode.Forbidden);
        Assert.DoesNotContain(claim.Id.ToString(), await outsider.HtmlAsync("/console/verification"));
        var verify = await outsider.SubmitAsync("/console/verification", new()
        {
            ["ids"] = claim.Id.ToString(),
            [$"hours-{claim.Id}"] = "1",
            ["decision"] = "approve",
        });

        Assert.Equal(HttpStatusCode.Redirect, verify.StatusCode);
        Assert.Contains("1 条未处理", await outsider.HtmlAsync("/console/verification"));
        Assert.Equal(ClaimStatus.CheckedIn, await api.DbAsync(db => db.Claims.Where(c => c.Id == claim.Id).Select(c => c.Status).SingleAsync()));
        Assert.Equal(0, await api.DbAsync(db => db.LedgerEntries.CountAsync(e => e.MemberId == resident.Id)));

        var own = await ConsoleSession.SignInAsync(api, place.Staff.Username);
        Assert.Contains(claim.Id.ToString(), await own.HtmlAsync($"/console/tasks/{taskId}"));
    }

    [Fact]
    public async Task Forms_without_the_antiforgery_token_are_refused_and_change_nothing()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);
        var needId = await PostNeedAsync(resident.Token);
        var taskId = await api.PublishTaskAsync(place);
        var staff = await ConsoleSession.SignInAsync(api, place.Staff.Username);

        var reject = await staff.PostWithoutTokenAsync($"/console/needs?handler=Reject&id={needId}", new() { ["reason"] = "伪造" });
        var cancel = await staff.PostWithoutTokenAsync($"/console/tasks/{taskId}?handler=Cancel", new() { ["reason"] = "伪造" });
        var publish = await staff.PostWithoutTokenAsync("/console/tasks/new", new() { ["Form.Title"] = "伪造任务" });

        Assert.All([reject, cancel, publish], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal(NeedStatus.Pending, await api.DbAsync(db => db.Needs.Where(n => n.Id == needId).Select(n => n.Status).SingleAsync()));
        Assert.Equal(Volunteer.Domain.Tasks.ServiceTaskStatus.Published, await api.DbAsync(db => db.Tasks.Where(t => t.Id == taskId).Select(t => t.Status).SingleAsync()));
        Assert.False(await api.DbAsync(db => db.Tasks.AnyAsync(t => t.Title == "伪造任务")));
    }

    [Fact]
    public async Task Staff_reject_a_need_with_a_reason_and_publish_a_task_through_the_forms()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);
        var needId = await PostNeedAsync(resident.Token);
        var staff = await ConsoleSession.SignInAsync(api, place.Staff.Username);

        var empty = await staff.SubmitAsync("/console/needs", new() { ["reason"] = "" }, $"/console/needs?handler=Reject&id={needId}");
        Assert.Equal(HttpStatusCode.Redirect, empty.StatusCode);
        Assert.Equal(NeedStatus.Pending, await api.DbAsync(db => db.Needs.Where(n => n.Id == needId).Select(n => n.Status).SingleAsync()));
        var rejected = await staff.SubmitAsync("/console/needs", new() { ["reason"] = "已由物业处理" }, $"/console/needs?handler=Reject&id={needId}");
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        Assert.Contains("需求已驳回", await staff.HtmlAsync("/console/needs"));
        var need = await api.DbAsync(db => db.Needs.SingleAsync(n => n.Id == needId));
        Assert.Equal((NeedStatus.Rejected, "已由物业处理"), (need.Status, need.ReviewReason));

        var now = Volunteer.Domain.Common.ChinaTime.ToChina(api.Clock.GetUtcNow());
        var published = await staff.SubmitAsync("/console/tasks/new", new()
        {
            ["Form.Title"] = "周末义诊",
            ["Form.Category"] = "ElderlyCare",
            ["Form.Slots"] = "3",
            ["Form.Points"] = "20",
            ["Form.StartsAt"] = now.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm"),
            ["Form.EndsAt"] = now.AddDays(1).AddHours(2).ToString("yyyy-MM-dd'T'HH:mm"),
        });
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var task = await api.DbAsync(db => db.Tasks.SingleAsync(t => t.CommunityId == place.CommunityId && t.Title == "周末义诊"));
        Assert.Equal((3, 20, TaskCategory.ElderlyCare), (task.Slots, task.Points, task.Category));
        Assert.Equal($"/console/tasks/{task.Id}", published.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Staff_register_a_resident_without_a_smartphone_confirm_a_party_membership_and_post_a_need_on_her_behalf()
    {
        var place = await api.NewCommunityAsync();
        var declared = await api.NewResidentAsync(place, name: "陈静");
        await api.DbAsync(async db =>
        {
            var m = await db.Members.SingleAsync(x => x.Id == declared.Id);
            m.DeclarePartyMembership("第二党支部", "丹阳市实验小学", inService: true);
            await db.SaveChangesAsync();
        });
        var staff = await ConsoleSession.SignInAsync(api, place.Staff.Username);

        var registered = await staff.SubmitAsync("/console/members", new() { ["name"] = "王秀英", ["kinds"] = "LivingAlone" }, "/console/members?handler=Register");
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var wang = await api.DbAsync(db => db.Members.SingleAsync(m => m.CommunityId == place.CommunityId && m.Name == "王秀英"));
        Assert.Equal((Volunteer.Domain.Members.Circumstances.LivingAlone, place.Staff.Id), (wang.Circumstances, wang.RegisteredByAccountId));
        await staff.SubmitAsync("/console/members", new(), $"/console/members?handler=Party&id={declared.Id}&confirm=true");
        Assert.Equal(Volunteer.Domain.Members.PartyStatus.Confirmed,
            await api.DbAsync(db => db.Members.Where(m => m.Id == declared.Id).Select(m => m.PartyStatus).SingleAsync()));

        var posted = await staff.SubmitAsync($"/console/needs/new?memberId={wang.Id}", new()
        {
            ["memberId"] = wang.Id.ToString(), ["title"] = "帮忙买药", ["category"] = "ElderlyCare", ["address"] = "东门大街 18 号",
        });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var need = await api.DbAsync(db => db.Needs.SingleAsync(n => n.RequesterId == wang.Id));
        Assert.Equal(("帮忙买药", place.Staff.Id, true), (need.Title, need.PostedByAccountId, need.IsSensitive));
        Assert.Contains("代下单", await staff.HtmlAsync("/console/needs"));
    }

    [Fact]
    public async Task Partner_staff_cannot_change_another_organisations_reward()
    {
        var place = await api.NewCommunityAsync();
        var shop = await api.NewShopAsync(place);
        var reward = await api.PublishRewardAsync(shop, place, stock: 10);
        var (_, otherPartner) = await api.NewPartnerAsync(place);
        var other = await ConsoleSession.SignInAsync(api, otherPartner.Account.Username);

        var stock = await other.SubmitAsync("/console/rewards", new() { ["stock"] = "0" }, $"/console/rewards?handler=Stock&id={reward.Id}");
        var end = await other.SubmitAsync("/console/rewards", new(), $"/console/rewards?handler=Status&id={reward.Id}&change=End");

        Assert.All([stock, end], r => Assert.True(r.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.NotFound));
        Assert.DoesNotContain("已下架", await other.HtmlAsync("/console/rewards"));
        var after = await api.DbAsync(db => db.Rewards.SingleAsync(r => r.Id == reward.Id));
        Assert.Equal((10, Volunteer.Domain.Rewards.RewardStatus.Active), (after.Stock, after.Status));
    }

    [Fact]
    public async Task Honour_settings_are_refused_to_partner_staff_and_to_another_communitys_staff_and_nothing_changes()
    {
        var place = await api.NewCommunityAsync();
        var other = await api.NewCommunityAsync(place.StreetId);
        var (_, partner) = await api.NewPartnerAsync(place);
        var outsider = await ConsoleSession.SignInAsync(api, other.Staff.Username);

        await (await ConsoleSession.SignInAsync(api, partner.Account.Username)).HtmlAsync("/console/honour-settings", HttpStatusCode.Forbidden);
        await outsider.HtmlAsync($"/console/honour-settings?communityId={place.CommunityId}", HttpStatusCode.Forbidden);
        var posted = await outsider.SubmitAsync("/console/honour-settings", new()
        {
            ["communityId"] = place.CommunityId.ToString(), ["enabled"] = "false", ["topN"] = "9", ["bonusPoints"] = "99", ["partyMemberHonors"] = "false",
        });

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.False(await api.DbAsync(db => db.HonorSettings.AnyAsync(h => h.CommunityId == place.CommunityId)));
        Assert.Contains("默认值", await (await ConsoleSession.SignInAsync(api, place.Staff.Username)).HtmlAsync("/console/honour-settings"));
    }

    [Fact]
    public async Task A_street_admin_sets_a_communitys_honours_and_staff_see_them()
    {
        var place = await api.NewCommunityAsync();
        var admin = await ConsoleSession.SignInAsync(api, (await api.NewAdminAsync(place.StreetId)).Account.Username);

        var saved = await admin.SubmitAsync($"/console/honour-settings?communityId={place.CommunityId}", new()
        {
            ["communityId"] = place.CommunityId.ToString(), ["enabled"] = "true", ["topN"] = "7", ["bonusPoints"] = "15", ["partyMemberHonors"] = "false",
        }, "/console/honour-settings");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var settings = await api.DbAsync(db => db.HonorSettings.SingleAsync(h => h.CommunityId == place.CommunityId));
        Assert.Equal((true, 7, 15, false), (settings.Enabled, settings.TopN, settings.BonusPoints, settings.PartyMemberHonors));
        Assert.Contains("value=\"7\"", await (await ConsoleSession.SignInAsync(api, place.Staff.Username)).HtmlAsync("/console/honour-settings"));
    }

    [Fact]
    public async Task Another_streets_admin_cannot_see_or_change_a_partner_or_an_account_and_nothing_changes()
    {
        var place = await api.NewCommunityAsync();
        var (partner, partnerStaff) = await api.NewPartnerAsync(place);
        var elsewhere = await api.NewCommunityAsync();
        var outsider = await ConsoleSession.SignInAsync(api, (await api.NewAdminAsync(elsewhere.StreetId)).Account.Username);

        Assert.DoesNotContain(partner.Name, await outsider.HtmlAsync("/console/partners"));
        var accounts = await outsider.HtmlAsync("/console/accounts");
        Assert.DoesNotContain(partnerStaff.Account.Username, accounts);
        Assert.DoesNotContain(place.Staff.Username, accounts);
        await outsider.HtmlAsync($"/console/partners/{partner.Id}", HttpStatusCode.NotFound);
        await outsider.HtmlAsync($"/console/rankings?communityId={place.CommunityId}", HttpStatusCode.Forbidden);

        var edit = await outsider.SubmitAsync("/console/partners", new() { ["name"] = "改名", ["kind"] = "Merchant" }, $"/console/partners/{partner.Id}?handler=Edit");
        var badge = await outsider.SubmitAsync("/console/partners", new(), $"/console/partners/{partner.Id}?handler=Grant&badge=PartyMemberModelShop");
        var end = await outsider.SubmitAsync("/console/partners", new(), $"/console/partners/{partner.Id}?handler=Terminate&communityId={place.CommunityId}");
        var disable = await outsider.SubmitAsync("/console/accounts", new() { ["enabled"] = "false" }, $"/console/accounts?handler=Enabled&id={place.Staff.Id}");
        var reset = await outsider.SubmitAsync("/console/accounts", new() { ["password"] = "Takeover123" }, $"/console/accounts?handler=Password&id={place.Staff.Id}");
        var create = await outsider.SubmitAsync("/console/accounts", new()
        {
            ["username"] = "sneaky-" + Guid.NewGuid().ToString("N")[..6], ["displayName"] = "冒充", ["password"] = "Passw0rd!",
            ["role"] = "CommunityStaff", ["communityId"] = place.CommunityId.ToString(),
        }, "/console/accounts?handler=Create");

        Assert.All([edit, badge, end, disable, reset], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal(HttpStatusCode.Redirect, create.StatusCode);
        Assert.Contains("只能管理本社区", await outsider.HtmlAsync("/console/accounts"));
        var after = await api.DbAsync(db => db.Partners.Include(p => p.Badges).SingleAsync(p => p.Id == partner.Id));
        Assert.Equal((partner.Name, 0), (after.Name, after.Badges.Count));
        Assert.True(await api.DbAsync(db => db.CoBuildingAgreements.AnyAsync(a => a.PartnerId == partner.Id && a.TerminatedAt == null)));
        Assert.False(await api.DbAsync(db => db.Accounts.AnyAsync(a => a.DisplayName == "冒充")));
        var staff = await api.DbAsync(db => db.Accounts.SingleAsync(a => a.Id == place.Staff.Id));
        Assert.Equal((false, place.Staff.PasswordHash), (staff.IsDisabled, staff.PasswordHash));
        await ConsoleSession.SignInAsync(api, place.Staff.Username);
    }

    [Fact]
    public async Task The_new_forms_without_the_antiforgery_token_are_refused_and_change_nothing()
    {
        var place = await api.NewCommunityAsync();
        var shop = await api.NewShopAsync(place);
        var partner = await ConsoleSession.SignInAsync(api, shop.Staff.Account.Username);
        var staff = await ConsoleSession.SignInAsync(api, place.Staff.Username);
        var admin = await ConsoleSession.SignInAsync(api, (await api.NewAdminAsync(place.StreetId)).Account.Username);

        var reward = await partner.PostWithoutTokenAsync("/console/rewards/new", new()
        {
            ["Title"] = "伪造奖品", ["PointsCost"] = "10", ["Stock"] = "5", ["PerMemberLimit"] = "1", ["CommunityIds"] = place.CommunityId.ToString(),
        });
        var honours = await staff.PostWithoutTokenAsync("/console/honour-settings", new()
        {
            ["communityId"] = place.CommunityId.ToString(), ["enabled"] = "false", ["topN"] = "1", ["bonusPoints"] = "0",
        });
        var account = await admin.PostWithoutTokenAsync("/console/accounts?handler=Create", new()
        {
            ["username"] = "forged-" + Guid.NewGuid().ToString("N")[..6], ["displayName"] = "伪造", ["password"] = "Passw0rd!", ["role"] = "StreetAdmin",
        });
        var created = await admin.PostWithoutTokenAsync("/console/partners", new() { ["name"] = "伪造单位", ["kind"] = "Unit" });
        var badge = await admin.PostWithoutTokenAsync($"/console/partners/{shop.Id}?handler=Grant&badge=PartyMemberModelShop", new());

        Assert.All([reward, honours, account, created, badge], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.False(await api.DbAsync(db => db.Rewards.AnyAsync(r => r.Title == "伪造奖品")));
        Assert.False(await api.DbAsync(db => db.HonorSettings.AnyAsync(h => h.CommunityId == place.CommunityId)));
        Assert.False(await api.DbAsync(db => db.Accounts.AnyAsync(a => a.DisplayName == "伪造")));
        Assert.False(await api.DbAsync(db => db.Partners.AnyAsync(p => p.Name == "伪造单位")));
        Assert.Equal(0, await api.DbAsync(db => db.Partners.Where(p => p.Id == shop.Id).SelectMany(p => p.Badges).CountAsync()));
    }

    [Fact]
    public async Task Partner_staff_publish_a_reward_only_in_a_community_they_serve()
    {
        var place = await api.NewCommunityAsync();
        var unserved = await api.NewCommunityAsync(place.StreetId);
        var shop = await api.NewShopAsync(place);
        var partner = await ConsoleSession.SignInAsync(api, shop.Staff.Account.Username);
        var now = Volunteer.Domain.Common.ChinaTime.ToChina(api.Clock.GetUtcNow());
        Dictionary<string, string> Form(Guid community) => new()
        {
            ["Title"] = "周末理发", ["PointsCost"] = "30", ["Stock"] = "8", ["PerMemberLimit"] = "1",
            ["ValidFrom"] = now.ToString("yyyy-MM-dd'T'HH:mm"), ["ValidUntil"] = now.AddDays(30).ToString("yyyy-MM-dd'T'HH:mm"),
            ["CommunityIds"] = community.ToString(),
        };

        var form = await partner.HtmlAsync("/console/rewards/new");
        Assert.DoesNotContain(unserved.CommunityId.ToString(), form);
        var refused = await partner.SubmitAsync("/console/rewards/new", Form(unserved.CommunityId));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("有效共建协议", await refused.Content.ReadAsStringAsync());
        Assert.False(await api.DbAsync(db => db.Rewards.AnyAsync(r => r.PartnerId == shop.Id)));

        var published = await partner.SubmitAsync("/console/rewards/new", Form(place.CommunityId));
        Assert.Equal(("/console/rewards", HttpStatusCode.Redirect), (published.Headers.Location?.OriginalString, published.StatusCode));
        var reward = await api.DbAsync(db => db.Rewards.Include(r => r.Communities).SingleAsync(r => r.PartnerId == shop.Id));
        Assert.Equal(("周末理发", 30, 8, place.CommunityId), (reward.Title, reward.PointsCost, reward.Stock, reward.Communities.Single().CommunityId));
    }

    [Fact]
    public async Task A_street_admin_registers_a_partner_signs_and_ends_its_agreement_and_resets_a_clerks_password()
    {
        var place = await api.NewCommunityAsync();
        var adminPerson = await api.NewAdminAsync(place.StreetId);
        var admin = await ConsoleSession.SignInAsync(api, adminPerson.Account.Username);
        var name = "东门药房" + Guid.NewGuid().ToString("N")[..6];

        var created = await admin.SubmitAsync("/console/partners", new() { ["name"] = name, ["kind"] = "Merchant", ["contact"] = "13900001111", ["address"] = "" });
        var partner = await api.DbAsync(db => db.Partners.SingleAsync(p => p.Name == name));
        Assert.Equal($"/console/partners/{partner.Id}", created.Headers.Location?.OriginalString);
        Assert.Equal((place.StreetId, Volunteer.Domain.Partners.PartnerKind.Merchant, "13900001111", (string?)null),
            (partner.StreetId, partner.Kind, partner.Contact, partner.Address));

        var page = $"/console/partners/{partner.Id}";
        await admin.SubmitAsync(page, new() { ["name"] = name, ["kind"] = "Unit", ["contact"] = "", ["address"] = "东门大街 2 号" }, page + "?handler=Edit");
        var today = Volunteer.Domain.Partners.CoBuildingAgreement.Today(api.Clock.GetUtcNow());
        await admin.SubmitAsync(page, new()
        {
            ["communityId"] = place.CommunityId.ToString(), ["startsOn"] = today.ToString("yyyy-MM-dd"), ["endsOn"] = today.AddYears(2).ToString("yyyy-MM-dd"),
        }, page + "?handler=Sign");
        var edited = await api.DbAsync(db => db.Partners.SingleAsync(p => p.Id == partner.Id));
        Assert.Equal((Volunteer.Domain.Partners.PartnerKind.Unit, (string?)null, "东门大街 2 号"), (edited.Kind, edited.Contact, edited.Address));
        var agreement = await api.DbAsync(db => db.CoBuildingAgreements.SingleAsync(a => a.PartnerId == partner.Id));
        Assert.Equal((place.CommunityId, today.AddYears(2), (DateTimeOffset?)null), (agreement.CommunityId, agreement.EndsOn, agreement.TerminatedAt));
        Assert.Contains("有效", await admin.HtmlAsync(page));

        await admin.SubmitAsync(page, new(), page + $"?handler=Terminate&communityId={place.CommunityId}");
        Assert.NotNull(await api.DbAsync(db => db.CoBuildingAgreements.Where(a => a.PartnerId == partner.Id).Select(a => a.TerminatedAt).SingleAsync()));
        Assert.Contains("已终止", await admin.HtmlAsync(page));

        var weak = await admin.SubmitAsync("/console/accounts", new() { ["password"] = "short" }, $"/console/accounts?handler=Password&id={place.Staff.Id}");
        Assert.Equal(HttpStatusCode.Redirect, weak.StatusCode);
        Assert.Contains("密码", await admin.HtmlAsync("/console/accounts"));
        Assert.Equal(place.Staff.PasswordHash, await api.DbAsync(db => db.Accounts.Where(a => a.Id == place.Staff.Id).Select(a => a.PasswordHash).SingleAsync()));
        await admin.SubmitAsync("/console/accounts", new() { ["password"] = "NewSecret2026" }, $"/console/accounts?handler=Password&id={place.Staff.Id}");
        await ConsoleSession.SignInAsync(api, place.Staff.Username, "NewSecret2026");
        Assert.True(await api.DbAsync(db => db.AuditEntries.AnyAsync(e => e.ActorId == adminPerson.Id && e.Detail == $"reset password of account {place.Staff.Id}")));
    }

    [Fact]
    public async Task Staff_raise_a_need_to_the_street_from_its_page_and_another_communitys_staff_cannot()
    {
        var place = await api.NewCommunityAsync();
        var other = await api.NewCommunityAsync(place.StreetId);
        var needId = await PostNeedAsync((await api.NewResidentAsync(place)).Token);
        var staff = await ConsoleSession.SignInAsync(api, place.Staff.Username);
        var outsider = await ConsoleSession.SignInAsync(api, other.Staff.Username);
        var pagePath = $"/console/needs/{needId}";
        Assert.Contains("上报街道（吹哨报到）", await staff.HtmlAsync(pagePath));

        await api.ChangesNothingAsync(async () =>
        {
            var refused = await outsider.SubmitAsync("/console/needs", new() { ["reason"] = "不是本社区的" }, $"{pagePath}?handler=Escalate");
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            var empty = await staff.SubmitAsync(pagePath, new() { ["reason"] = "" }, $"{pagePath}?handler=Escalate");
            Assert.Equal(HttpStatusCode.Redirect, empty.StatusCode);
            Assert.Contains("上报原因", await staff.HtmlAsync(pagePath));
        });

        var raised = await staff.SubmitAsync(pagePath, new() { ["reason"] = "楼顶违建，需城管执法" }, $"{pagePath}?handler=Escalate");
        Assert.Equal(HttpStatusCode.Redirect, raised.StatusCode);
        var after = await staff.HtmlAsync(pagePath);
        Assert.Contains("已上报街道，等待街道派单", after);
        Assert.DoesNotContain("escalation-reason", after);
        Assert.DoesNotContain("通过并发布", after);
        Assert.Equal(NeedStatus.Escalated, await api.DbAsync(db => db.Needs.Where(n => n.Id == needId).Select(n => n.Status).SingleAsync()));
        var escalation = await api.DbAsync(db => db.Escalations.SingleAsync(e => e.NeedId == needId));
        Assert.Equal(("楼顶违建，需城管执法", place.Staff.Id, Volunteer.Domain.Escalations.EscalationState.Open),
            (escalation.Reason, escalation.RaisedByAccountId, escalation.State));
    }

    private async Task<Guid> PostNeedAsync(string token)
    {
        var response = await api.Client(token).PostJsonAsync("/api/v1/needs", new { title = "楼道灯坏了", category = "other", address = "1 栋" });
        return (await response.ReadAsync<IdOnly>(HttpStatusCode.Created)).Id;
    }

    private sealed record IdOnly(Guid Id);
}
