using System.Reflection;
using System.Text.Json;
using Volunteer.Domain.Notifications;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.WeChat;

namespace Volunteer.Tests.Domain;

/// <summary>
/// A tapped notification, a WeChat subscribe message and a task's 小程序码 open the page the server names:
/// each must be a page the mini-program declares in its app.json, or WeChat opens nothing.
/// </summary>
public sealed class MiniProgramPagesTests
{
    private static readonly HashSet<string> Declared = DeclaredPages();

    [Fact]
    public void Every_page_the_server_links_to_is_a_page_of_the_mini_program()
    {
        var constants = typeof(MiniProgramPages).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Equal(constants.Order(StringComparer.Ordinal), MiniProgramPages.All.Order(StringComparer.Ordinal));
        Assert.All(MiniProgramPages.All, page => Assert.Contains(page, Declared));
        Assert.Contains(new WeChatOptions().WxaCodePage, Declared);
    }

    [Fact]
    public void The_links_of_a_members_notifications_open_declared_pages_on_the_object()
    {
        var now = Builders.Now;
        var task = Builders.Task();
        var claim = task.Claim(Claimant.ForMember(Builders.Resident()), now);
        var accepted = Notification.ClaimAccepted(claim, task, now);
        Assert.Equal(MiniProgramPages.MyClaims, accepted.Link);

        var reminder = Notification.TaskReminder(claim, task, now);
        Assert.Equal(MiniProgramPages.MyClaims, reminder.Link);
        Assert.Equal($"pages/codes/index?id={claim.Id}", MiniProgramPages.For(MiniProgramPages.RedemptionCodes, claim.Id));
    }

    private static HashSet<string> DeclaredPages()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Volunteer.sln")))
            folder = folder.Parent;
        Assert.NotNull(folder);
        using var app = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.FullName, "miniprogram", "src", "app.json")));
        return app.RootElement.GetProperty("pages").EnumerateArray().Select(p => p.GetString()!).ToHashSet(StringComparer.Ordinal);
    }
}
