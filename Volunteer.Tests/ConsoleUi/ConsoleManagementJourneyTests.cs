using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Volunteer.Domain.Audit;
using Volunteer.Domain.Common;
using Volunteer.Domain.Rewards;
using Volunteer.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Volunteer.Tests.ConsoleUi;

/// <summary>
/// The management pages as people use them, in headless Chromium against the demo street: a shop
/// clerk publishes a reward on a phone, community staff change their honour settings, a street
/// admin creates an account that then signs in, looks at rankings and grants a partner a badge.
/// </summary>
public sealed class ConsoleManagementJourneyTests(ConsoleBrowser browser) : IClassFixture<ConsoleBrowser>
{
    private DemoApiOnKestrel Api => browser.Api;

    [Fact]
    public async Task A_clerk_publishes_a_reward_on_a_phone_then_changes_its_stock_and_pauses_it()
    {
        await using var tab = await browser.OpenAsync(375, 740);
        var page = tab.Page;
        await tab.SignInAsync("demo-market");
        await page.GotoAsync("/console/rewards");
        await page.GetByRole(AriaRole.Link, new() { Name = "发布新奖品" }).ClickAsync();
        await page.GetByLabel("奖品名称").FillAsync("手工香皂");
        await page.GetByLabel("说明（领取方式、规格等）").FillAsync("凭兑换码到积分超市领取，每块 100 g。");
        await page.GetByLabel("兑换所需积分").FillAsync("30");
        await page.GetByLabel("库存（份）").FillAsync("12");
        await page.GetByLabel("东门社区").CheckAsync();
        await page.GetByLabel("南苑安置社区").CheckAsync();
        Assert.True(await NoSidewaysScrollAsync(page), "the reward form scrolls sideways at 375 px");
        await tab.ShotAsync("11-reward-new");
        await page.GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("手工香皂”已发布");
        var card = page.Locator("li.reward", new() { HasText = "手工香皂" });
        await Expect(card.Locator(".stock")).ToHaveTextAsync("12");
        await card.GetByLabel("修改“手工香皂”的库存").FillAsync("20");
        await card.GetByRole(AriaRole.Button, new() { Name = "修改库存" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("库存已改为 20");
        await page.Locator("li.reward", new() { HasText = "手工香皂" }).GetByRole(AriaRole.Button, new() { Name = "暂停兑换“手工香皂”" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已暂停兑换");
        Assert.True(await NoSidewaysScrollAsync(page), "the rewards list scrolls sideways at 375 px");
        await tab.ShotAsync("12-rewards");

        var reward = await Api.DbAsync(db => db.Rewards.Include(r => r.Communities).SingleAsync(r => r.Title == "手工香皂"));
        Assert.Equal((30, 20, 1, RewardStatus.Paused, 2), (reward.PointsCost, reward.Stock, reward.PerMemberLimit, reward.Status, reward.Communities.Count));
        tab.AssertClean();
    }

    [Fact]
    public async Task Staff_change_their_honour_settings_and_find_them_saved()
    {
        await using var tab = await browser.OpenAsync(1280, 800);
        var page = tab.Page;
        await tab.SignInAsync("demo-staff");
        await tab.ShotAsync("00-console-home");
        await page.GetByRole(AriaRole.Link, new() { Name = "表彰设置" }).ClickAsync();
        await page.GetByLabel("表彰名额（积分榜前 N 名，1–100）").FillAsync("5");
        await page.GetByLabel("每项表彰的奖励积分（0–1000，0 为不奖励）").FillAsync("10");
        await page.GetByLabel("同时按党员榜评选“优秀党员”").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "保存设置" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("表彰设置已保存");
        await page.ReloadAsync();
        await Expect(page.GetByLabel("表彰名额（积分榜前 N 名，1–100）")).ToHaveValueAsync("5");
        await Expect(page.GetByLabel("每项表彰的奖励积分（0–1000，0 为不奖励）")).ToHaveValueAsync("10");
        await Expect(page.GetByLabel("同时按党员榜评选“优秀党员”")).Not.ToBeCheckedAsync();
        await Expect(page.GetByLabel("开展月度表彰")).ToBeCheckedAsync();
        await tab.ShotAsync("13-honour-settings");

        var settings = await Api.DbAsync(db => db.HonorSettings.SingleAsync(h => db.Communities.Any(c => c.Id == h.CommunityId && c.Name == "东门社区")));
        Assert.Equal((true, 5, 10, false), (settings.Enabled, settings.TopN, settings.BonusPoints, settings.PartyMemberHonors));
        tab.AssertClean();
    }

    [Fact]
    public async Task An_admin_creates_a_staff_account_that_signs_in_and_stops_working_once_disabled()
    {
        await using var admin = await browser.OpenAsync();
        var page = admin.Page;
        await admin.SignInAsync("demo-admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "账号管理" }).ClickAsync();
        await page.GetByLabel("用户名（3–32 位字母、数字或 - _ .）").FillAsync("dongmen-chen");
        await page.GetByLabel("显示名称").FillAsync("东门社区 陈芳");
        await page.GetByLabel("初始密码（至少 8 位，含字母和数字）").FillAsync("Welcome2026");
        await page.GetByLabel("角色").SelectOptionAsync(new SelectOptionValue { Label = "社区工作人员" });
        await page.GetByLabel("所属社区（社区工作人员）").SelectOptionAsync(new SelectOptionValue { Label = "东门社区" });
        await page.GetByRole(AriaRole.Button, new() { Name = "创建账号" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("账号 dongmen-chen 已创建");
        await Expect(page.Locator("#account-dongmen-chen")).ToContainTextAsync("东门社区");
        await admin.ShotAsync("14-accounts");

        var account = await Api.DbAsync(db => db.Accounts.SingleAsync(a => a.Username == "dongmen-chen"));
        Assert.Equal(ActorRole.CommunityStaff, account.Role);
        Assert.True(await Api.DbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditAction.AccountChanged && e.Detail!.Contains(account.Id.ToString()))));

        await using var clerk = await browser.OpenAsync();
        await clerk.SignInAsync("dongmen-chen", "Welcome2026");
        await Expect(clerk.Page.GetByRole(AriaRole.Link, new() { Name = "需求审核" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "停用 dongmen-chen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("账号已停用");
        await clerk.Page.GotoAsync("/console/needs");
        await Expect(clerk.Page.GetByLabel("用户名")).ToBeVisibleAsync();
        Assert.True(await Api.DbAsync(db => db.Accounts.Where(a => a.Id == account.Id).Select(a => a.IsDisabled).SingleAsync()));
        admin.AssertClean();
        clerk.AssertClean();
    }

    [Fact]
    public async Task An_admin_reads_the_rankings_and_grants_a_shop_a_badge()
    {
        // Last month is ranked and recognised as on the 1st at 01:00 (the monthly jobs span every street: a platform admin runs them).
        var lastMonth = Period.Of(Api.Clock.GetUtcNow()).Previous().ToString();
        var platform = await Api.NewAdminAsync(null);
        foreach (var job in new[] { "monthly-ranking", "recognition" })
            await (await Api.Client(platform.Token).PostJsonAsync($"/api/v1/admin/jobs/{job}/runs", new { period = lastMonth }))
                .ShouldBeAsync(HttpStatusCode.OK);

        await using var tab = await browser.OpenAsync();
        var page = tab.Page;
        await tab.SignInAsync("demo-admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "排行与表彰" }).ClickAsync();
        await Expect(page.Locator("#honours")).ToContainTextAsync($"东门社区 · {lastMonth} 表彰名单");
        await Expect(page.Locator("#honours tbody tr").First).ToContainTextAsync("月度服务之星");
        await Expect(page.Locator("#honours tbody tr", new() { HasText = "月度服务之星" }).Filter(new() { HasText = "李明" })).ToHaveCountAsync(1);
        // 李明 and 赵磊 tie at the top with 20 points each: both are ranked 1, 张伟 follows at 3.
        var ranked = page.Locator("#ranking tbody tr");
        await Expect(ranked.Nth(0).Locator("td").First).ToHaveTextAsync("1");
        await Expect(ranked.Nth(1).Locator("td").First).ToHaveTextAsync("1");
        await Expect(ranked.Nth(2)).ToContainTextAsync("张伟");
        await Expect(ranked.Nth(2).Locator("td").First).ToHaveTextAsync("3");
        await Expect(page.Locator("#ranking")).ToContainTextAsync("赵磊");
        await tab.ShotAsync("15-rankings");
        await page.GetByLabel("月份").SelectOptionAsync(new SelectOptionValue { Index = 0 });
        await page.GetByRole(AriaRole.Button, new() { Name = "查看" }).ClickAsync();
        await Expect(page.Locator("#ranking")).ToContainTextAsync("李明");
        await Expect(page.Locator("#ranking caption")).ToContainTextAsync("计算时间");

        await page.GetByRole(AriaRole.Link, new() { Name = "共建单位" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "丹阳农商银行云阳支行" }).ClickAsync();
        await Expect(page.Locator("#agreements")).ToContainTextAsync("东门社区");
        await page.GetByRole(AriaRole.Button, new() { Name = "授予“党员示范店”" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已授予“党员示范店”");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "撤销“党员示范店”" })).ToBeVisibleAsync();
        await tab.ShotAsync("16-partner");
        Assert.True(await Api.DbAsync(db => db.Partners.Where(p => p.Name == "丹阳农商银行云阳支行")
            .SelectMany(p => p.Badges).AnyAsync(b => b.Badge == Volunteer.Domain.Partners.BadgeKind.PartyMemberModelShop && b.RevokedAt == null)));
        tab.AssertClean();
    }

    private static Task<bool> NoSidewaysScrollAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
}
