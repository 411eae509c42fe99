using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Volunteer.Domain.Common;
using Volunteer.Domain.Points;
using Volunteer.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Volunteer.Tests.ConsoleUi;

/// <summary>
/// The journeys of the people who run the service, in real headless Chromium against the demo street:
/// community staff from a resident's need to verified points, a clerk at the counter on a phone, an
/// admin's dashboard and 双评议 download.
/// </summary>
public sealed class ConsoleJourneyTests(ConsoleBrowser browser) : IClassFixture<ConsoleBrowser>
{
    private DemoApiOnKestrel Api => browser.Api;

    [Fact]
    public async Task Staff_approve_the_demo_need_show_its_check_in_qr_and_verify_the_volunteer_who_scanned_it()
    {
        await using var tab = await browser.OpenAsync();
        var page = tab.Page;
        await tab.SignInAsync("demo-staff");
        await Expect(page.Locator(".tile").First).ToContainTextAsync("待审核需求");
        await tab.ShotAsync("01-staff-home");

        await page.GotoAsync("/console/needs");
        await tab.ShotAsync("02-needs");
        await page.GetByRole(AriaRole.Link, new() { Name = "3 栋楼道灯损坏" }).ClickAsync();
        await Expect(page.GetByLabel("标题")).ToHaveValueAsync("3 栋楼道灯损坏");
        await Expect(page.GetByLabel("服务地址")).ToHaveValueAsync("东门大街 18 号 3 栋");
        var now = ChinaTime.ToChina(Api.Clock.GetUtcNow());
        await page.GetByLabel("开始时间").FillAsync(now.AddMinutes(-10).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await page.GetByLabel("结束时间").FillAsync(now.AddHours(3).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await page.GetByLabel("积分").FillAsync("15");
        await tab.ShotAsync("03-approve-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "通过并发布" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已发布为任务");
        var taskId = Guid.Parse(page.Url.Split('/')[^1]);
        var task = await Api.DbAsync(db => db.Tasks.SingleAsync(t => t.Id == taskId));
        Assert.Equal(("3 栋楼道灯损坏", 15), (task.Title, task.Points));

        await page.GetByRole(AriaRole.Link, new() { Name = "显示签到二维码" }).ClickAsync();
        var qr = page.Locator("img.qr");
        await Expect(qr).ToBeVisibleAsync();
        var shot = await tab.ShotAsync("04-check-in-qr");
        var payload = await qr.GetAttributeAsync("data-payload");
        var scanned = await ConsoleBrowser.DecodeQrAsync(shot);
        if (scanned is not null)
            Assert.Equal(payload, scanned);
        var code = JsonDocument.Parse(scanned ?? payload!).RootElement.GetProperty("code").GetString();
        Assert.Equal(await page.Locator("#check-in-code").InnerTextAsync(), code);
        Assert.NotNull(await page.Locator("meta[http-equiv=refresh]").GetAttributeAsync("content"));

        // 李明 claims the task in the mini-program and checks in with what he scanned.
        var li = await ResidentTokenAsync("dev-li-ming");
        var claim = await (await Api.Client(li).PostJsonAsync($"/api/v1/tasks/{taskId}/claims")).ReadAsync<IdOnly>(HttpStatusCode.Created);
        await (await Api.Client(li).PostJsonAsync($"/api/v1/claims/{claim.Id}/check-in", new { code })).ShouldBeAsync(HttpStatusCode.OK);
        var liId = (await Api.Client(li).GetFromJsonAsync<IdOnly>("/api/v1/me", Volunteer.Tests.Support.Http.Json))!.Id;
        var before = await Api.DbAsync(db => db.PointsAccounts.Where(a => a.MemberId == liId).Select(a => a.Balance).SingleAsync());

        await page.GotoAsync("/console/board");
        var boardBefore = await BoardLineAsync(page);

        await page.GotoAsync("/console/verification");
        await page.Locator($"#pick-{claim.Id}").CheckAsync();
        await page.Locator($"#hours-{claim.Id}").FillAsync("1.5");
        await tab.ShotAsync("05-verification");
        await page.GetByRole(AriaRole.Button, new() { Name = "核验通过所选" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已核验通过 1 条");

        var entries = await Api.DbAsync(db => db.LedgerEntries.Where(e => e.MemberId == liId && e.Kind == LedgerEntryKind.Earn).CountAsync());
        Assert.Equal(before + 15, await Api.DbAsync(db => db.PointsAccounts.Where(a => a.MemberId == liId).Select(a => a.Balance).SingleAsync()));
        Assert.True(entries >= 1);
        await page.GotoAsync("/console/board");
        var boardAfter = await BoardLineAsync(page);
        Assert.Equal(boardBefore.Points + 15, boardAfter.Points);
        Assert.Equal(boardBefore.Hours + 1.5m, boardAfter.Hours);
        await tab.ShotAsync("06-board");
        tab.AssertClean();
    }

    [Fact]
    public async Task A_clerk_fulfils_a_residents_code_at_the_counter_on_a_phone_without_horizontal_scrolling()
    {
        var li = await ResidentTokenAsync("dev-li-ming");
        var rewards = await Api.Client(li).GetFromJsonAsync<JsonElement>("/api/v1/rewards", Volunteer.Tests.Support.Http.Json);
        var bag = rewards.GetProperty("items").EnumerateArray().First(r => r.GetProperty("title").GetString() == "环保购物袋");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/rewards/{bag.GetProperty("id").GetString()}/redemptions")
        {
            Content = JsonContent.Create(new { }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var redemption = await (await Api.Client(li).SendAsync(request)).ReadAsync<JsonElement>(HttpStatusCode.Created);
        var code = redemption.GetProperty("code").GetString()!;

        await using var tab = await browser.OpenAsync(375, 740);
        var page = tab.Page;
        await tab.SignInAsync("demo-partner");
        await page.GotoAsync("/console/counter");
        await page.GetByLabel("兑换码").FillAsync(code.ToLowerInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "核销" }).ClickAsync();
        await Expect(page.Locator("#counter-result")).ToContainTextAsync("核销成功");
        await Expect(page.Locator("#counter-result")).ToContainTextAsync("环保购物袋");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the counter scrolls sideways at 375 px");
        await tab.ShotAsync("07-counter-fulfilled");

        await page.GetByLabel("兑换码").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "核销" }).ClickAsync();
        await Expect(page.Locator("#counter-result")).ToContainTextAsync("未核销");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await tab.ShotAsync("08-counter-refused");
        Assert.Equal("Fulfilled", await Api.DbAsync(db => db.Redemptions.Where(r => r.Code == code).Select(r => r.Status.ToString()).SingleAsync()));
        tab.AssertClean();
    }

    [Fact]
    public async Task An_admin_opens_the_dashboard_and_downloads_the_dual_evaluation_report()
    {
        var lastMonth = Period.Of(Api.Clock.GetUtcNow()).Previous().ToString();
        var admin = await (await Api.Client().PostJsonAsync("/api/v1/auth/password", new { username = "demo-admin", password = "Demo#2026" }))
            .ReadAsync<TokenOnly>();
        // The monthly jobs span every street: a platform admin runs the month, the street admin reads it.
        var platform = await Api.NewAdminAsync(null);
        await (await Api.Client(platform.Token).PostJsonAsync("/api/v1/admin/jobs/dual-evaluation/runs", new { period = lastMonth }))
            .ShouldBeAsync(HttpStatusCode.OK);

        // 李明 redeems a bag and the bank's clerk fulfils it through the API: the chart must count it, whatever ran before.
        const string bank = "丹阳农商银行云阳支行";
        await FulfilAsync(await RedeemAsync("环保购物袋"), "demo-partner");
        var fulfilled = await Api.DbAsync(db => db.Redemptions.CountAsync(r => r.Status == Volunteer.Domain.Rewards.RedemptionStatus.Fulfilled
            && db.Partners.Any(p => p.Id == r.PartnerId && p.Name == bank)));
        Assert.True(fulfilled >= 1);

        await using var tab = await browser.OpenAsync();
        var page = tab.Page;
        await tab.SignInAsync("demo-admin");
        await page.GotoAsync("/console/dashboard");
        await Expect(page.Locator("#chart-hours svg")).ToBeVisibleAsync();
        await Expect(page.Locator("#chart-hours")).ToContainTextAsync("东门社区");
        Assert.Contains($"{bank} 核销份数：{fulfilled} 份", await page.Locator("#chart-redemptions").InnerHTMLAsync());
        await tab.ShotAsync("09-dashboard");

        // 统计报表 for this month: the same figures as GET /api/v1/reports/statistics, and its workbook.
        var month = Period.Of(Api.Clock.GetUtcNow()).ToString();
        var stats = await (await Api.Client(admin.AccessToken).GetAsync($"/api/v1/reports/statistics?period={month}"))
            .ReadAsync<Volunteer.Api.Reports.StatisticsResponse>();
        var east = stats.Communities.Single(c => c.Name == "东门社区");
        await Expect(page.Locator("#statistics-heading")).ToContainTextAsync(month);
        var cells = await page.Locator("#statistics tbody tr", new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = "东门社区", Exact = true }) })
            .Locator("td").AllInnerTextsAsync();
        var columns = Volunteer.Api.Reports.StatisticsWorkbook.Columns;
        Assert.Equal(east.Participation.ActiveVolunteers.ToString(CultureInfo.InvariantCulture), cells[Array.IndexOf(columns, "活跃志愿者")]);
        Assert.Equal(east.Points.ToString(CultureInfo.InvariantCulture), cells[Array.IndexOf(columns, "积分")]);
        Assert.Equal(east.Needs.Posted.ToString(CultureInfo.InvariantCulture), cells[Array.IndexOf(columns, "提交需求")]);
        await Expect(page.Locator("#statistics tbody tr").Last).ToContainTextAsync("合计");
        var workbook = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-statistics-xlsx").ClickAsync());
        Assert.EndsWith(".xlsx", workbook.SuggestedFilename);
        var sheet = MiniExcelLibs.MiniExcel.Query(new MemoryStream(await File.ReadAllBytesAsync((await workbook.PathAsync())!)), useHeaderRow: true,
            sheetName: Volunteer.Api.Reports.StatisticsWorkbook.Sheet)
            .Cast<IDictionary<string, object?>>().ToList();
        var eastRow = sheet.Single(r => (string?)r["社区"] == "东门社区");
        Assert.Equal((decimal)east.Participation.ActiveVolunteers, Convert.ToDecimal(eastRow["活跃志愿者"], CultureInfo.InvariantCulture));
        Assert.Equal(east.ServiceHours, Convert.ToDecimal(eastRow["服务时长（小时）"], CultureInfo.InvariantCulture));

        await page.GotoAsync($"/console/reports?period={lastMonth}");
        await tab.ShotAsync("10-dual-evaluation");
        var csv = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-csv").ClickAsync());
        Assert.EndsWith(".csv", csv.SuggestedFilename);
        var text = await File.ReadAllTextAsync((await csv.PathAsync())!);
        Assert.StartsWith("工作单位,姓名", text.TrimStart('\uFEFF'));
        Assert.Contains("李明", text);
        var xlsx = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-xlsx").ClickAsync());
        var bytes = await File.ReadAllBytesAsync((await xlsx.PathAsync())!);
        Assert.Equal("PK", System.Text.Encoding.ASCII.GetString(bytes, 0, 2));
        tab.AssertClean();
    }

    /// <summary>李明's line on the 积分公示 board (his name is shown masked, as 李*), or zeros when he has none yet.</summary>
    private static async Task<(int Points, decimal Hours)> BoardLineAsync(IPage page)
    {
        var row = page.Locator("#board tbody tr", new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = "李*", Exact = true }) });
        if (await row.CountAsync() == 0)
            return (0, 0m);
        var cells = await row.Locator("td").AllInnerTextsAsync();
        return (int.Parse(cells[2], CultureInfo.InvariantCulture), decimal.Parse(cells[3], CultureInfo.InvariantCulture));
    }

    /// <summary>李明 redeems one <paramref name="title"/> in the mini-program; the code he shows at the counter.</summary>
    private async Task<string> RedeemAsync(string title)
    {
        var li = await ResidentTokenAsync("dev-li-ming");
        var rewards = await Api.Client(li).GetFromJsonAsync<JsonElement>("/api/v1/rewards", Volunteer.Tests.Support.Http.Json);
        var reward = rewards.GetProperty("items").EnumerateArray().First(r => r.GetProperty("title").GetString() == title);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/rewards/{reward.GetProperty("id").GetString()}/redemptions")
        {
            Content = JsonContent.Create(new { }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var redemption = await (await Api.Client(li).SendAsync(request)).ReadAsync<JsonElement>(HttpStatusCode.Created);
        return redemption.GetProperty("code").GetString()!;
    }

    private async Task FulfilAsync(string code, string clerk)
    {
        var token = (await (await Api.Client().PostJsonAsync("/api/v1/auth/password", new { username = clerk, password = "Demo#2026" }))
            .ReadAsync<TokenOnly>()).AccessToken;
        await (await Api.Client(token).PostJsonAsync("/api/v1/redemptions/fulfil", new { code })).ShouldBeAsync(HttpStatusCode.OK);
    }

    private async Task<string> ResidentTokenAsync(string code) =>
        (await (await Api.Client().PostJsonAsync("/api/v1/auth/wechat", new { code })).ReadAsync<TokenOnly>()).AccessToken;

    private sealed record IdOnly(Guid Id);

    private sealed record TokenOnly(string AccessToken);
}
