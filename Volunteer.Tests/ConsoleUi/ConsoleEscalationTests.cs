using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Volunteer.Domain.Escalations;
using Volunteer.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Volunteer.Tests.ConsoleUi;

/// <summary>吹哨报到 in the console, in headless Chromium on the demo street: the admin dispatches, each department reports in and resolves.</summary>
public sealed class ConsoleEscalationJourneyTests(ConsoleBrowser browser) : IClassFixture<ConsoleBrowser>
{
    private DemoApiOnKestrel Api => browser.Api;

    [Fact]
    public async Task The_admin_adds_a_department_to_the_demo_escalation_and_both_departments_report_in_and_resolve_it()
    {
        const string title = "南门夜市占道经营、油烟扰民";
        await using (var admin = await browser.OpenAsync())
        {
            var page = admin.Page;
            await admin.SignInAsync("demo-admin");
            await Expect(page.Locator(".tile").Last).ToContainTextAsync("待派单的上报事项");
            await page.GetByRole(AriaRole.Link, new() { Name = "吹哨报到" }).ClickAsync();
            var row = page.Locator("tr", new() { HasText = title });
            await Expect(row).ToContainTextAsync("城管中队：待报到");
            await admin.ShotAsync("escalation-01-admin-queue");
            await row.GetByLabel("住建服务站").CheckAsync();
            await row.GetByRole(AriaRole.Button, new() { Name = "派单" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已派单");
            await Expect(page.Locator("tr", new() { HasText = title })).ToContainTextAsync("住建服务站：待报到");
            admin.AssertClean();
        }

        foreach (var (username, outcome) in new[] { ("demo-zhujian", "已疏通南门消防通道"), ("demo-chengguan", "已取缔占道摊点，每晚巡查") })
        {
            await using var desk = await browser.OpenAsync();
            var page = desk.Page;
            await desk.SignInAsync(username);
            await page.GetByRole(AriaRole.Link, new() { Name = "吹哨报到" }).ClickAsync();
            var row = page.Locator("tr", new() { HasText = title });
            await row.GetByRole(AriaRole.Button, new() { Name = "报到" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已报到");
            row = page.Locator("tr", new() { HasText = title });
            await row.GetByLabel("办理结果").FillAsync(outcome);
            await desk.ShotAsync($"escalation-02-{username}");
            await row.GetByRole(AriaRole.Button, new() { Name = "登记办结" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("办理结果已登记");
            await Expect(page.Locator("tr", new() { HasText = title })).ToContainTextAsync(outcome);
            desk.AssertClean();
        }

        var escalation = await Api.DbAsync(db => db.Escalations.Include(e => e.Assignments).Include(e => e.Timeline)
            .SingleAsync(e => db.Needs.Any(n => n.Id == e.NeedId && n.Title == title)));
        Assert.Equal(EscalationState.Resolved, escalation.State);
        Assert.Equal(2, escalation.Assignments.Count(a => a.ResolvedAt is not null));
        Assert.Equal(EscalationEventKind.Closed, escalation.Timeline.MaxBy(t => t.Sequence)!.Kind);
    }
}

/// <summary>The escalation page is for street admins and department staff; each acts only on its own part, and a refusal changes nothing.</summary>
public sealed class ConsoleEscalationAuthorizationTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    [Fact]
    public async Task Community_and_partner_staff_are_refused_and_a_department_cannot_dispatch_or_act_for_another()
    {
        var place = await api.NewCommunityAsync();
        var (_, partner) = await api.NewPartnerAsync(place);
        var admin = await api.NewAdminAsync(place.StreetId);
        var urban = await api.NewDepartmentAsync(admin);
        var housing = await api.NewDepartmentAsync(admin);
        var escalation = await api.EscalatedNeedAsync(place, await api.NewResidentAsync(place), "楼顶违建");
        await api.DispatchAsync(admin, escalation.Id, api.Clock.GetUtcNow().AddDays(2), urban);

        await (await ConsoleSession.SignInAsync(api, place.Staff.Username)).HtmlAsync("/console/escalations", HttpStatusCode.Forbidden);
        await (await ConsoleSession.SignInAsync(api, partner.Account.Username)).HtmlAsync("/console/escalations", HttpStatusCode.Forbidden);
        var own = await ConsoleSession.SignInAsync(api, urban.Username);
        Assert.Contains("楼顶违建", await own.HtmlAsync("/console/escalations"));
        var other = await ConsoleSession.SignInAsync(api, housing.Username);

        await api.ChangesNothingAsync(async () =>
        {
            Assert.DoesNotContain("楼顶违建", await other.HtmlAsync("/console/escalations"));
            var acknowledge = await other.SubmitAsync("/console/escalations", [], $"/console/escalations?handler=Acknowledge&id={escalation.Id}");
            Assert.Equal(HttpStatusCode.NotFound, acknowledge.StatusCode);
            var dispatch = await own.SubmitAsync("/console/escalations", new()
            {
                ["departmentIds"] = housing.Id.ToString(),
                ["dueAt"] = DateTimeOffset.UtcNow.AddDays(3).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm"),
            }, $"/console/escalations?handler=Dispatch&id={escalation.Id}");
            Assert.Equal(HttpStatusCode.Redirect, dispatch.StatusCode);
            Assert.Contains("只有街道管理员可以派单", await own.HtmlAsync("/console/escalations"));
        });
    }
}
