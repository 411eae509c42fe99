using System.Net;
using Microsoft.Playwright;
using Volunteer.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Volunteer.Tests.ConsoleUi;

/// <summary>
/// A grid worker (网格员) signs in to the console with a community-staff-like view limited to their grid: the demo
/// account demo-grid works 东门社区第一网格.
/// </summary>
public sealed class ConsoleGridWorkerTests(ConsoleBrowser browser) : IClassFixture<ConsoleBrowser>
{
    private DemoApiOnKestrel Api => browser.Api;

    [Fact]
    public async Task The_demo_grid_worker_sees_the_needs_and_tasks_of_their_grid_only()
    {
        // 李明 lives in 第二网格 and asks for help there.
        var li = (await (await Api.Client().PostJsonAsync("/api/v1/auth/wechat", new { code = "dev-li-ming" })).ReadAsync<TokenOnly>()).AccessToken;
        await (await Api.Client(li).PostJsonAsync("/api/v1/needs", new { title = "5栋单元门禁损坏", category = "other", address = "5栋1单元" }))
            .ShouldBeAsync(HttpStatusCode.Created);

        await using var tab = await browser.OpenAsync();
        var page = tab.Page;
        await tab.SignInAsync("demo-grid");
        await Expect(page.Locator(".tile").First).ToContainTextAsync("待审核需求");
        await Expect(page.GetByRole(AriaRole.Navigation)).Not.ToContainTextAsync("积分公示");

        await page.GotoAsync("/console/needs");
        await Expect(page.Locator("main")).ToContainTextAsync("3 栋楼道灯损坏");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("5栋单元门禁损坏");
        await tab.ShotAsync("grid-01-needs");

        await page.GotoAsync("/console/tasks");
        await Expect(page.Locator("main")).ToContainTextAsync("放学爱心接送");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("夜间平安巡逻");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("东门社区环境整治日");
        await tab.ShotAsync("grid-02-tasks");

        // The community points board and the admin pages are not theirs.
        var board = await page.GotoAsync("/console/board");
        Assert.Equal(403, board!.Status);
        var dashboard = await page.GotoAsync("/console/dashboard");
        Assert.Equal(403, dashboard!.Status);
        tab.AssertClean();
    }

    private sealed record TokenOnly(string AccessToken);
}
