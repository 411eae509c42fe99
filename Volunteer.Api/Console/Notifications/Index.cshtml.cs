using Microsoft.AspNetCore.Mvc;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Notifications;

namespace Volunteer.Api.Console.Notifications;

/// <summary>
/// <c>/console/notifications</c> (消息): the signed-in account's inbox, newest first, with the same
/// <see cref="NotificationQueries"/> and read use cases as <c>/api/v1/me/notifications</c>. Someone
/// else's message does not exist here (404). The page number is <c>p</c> (<c>page</c> is Razor Pages' own route value).
/// </summary>
public sealed class IndexModel(NotificationQueries queries, MarkNotificationRead markRead, MarkAllNotificationsRead markAllRead) : ConsolePageModel
{
    public const int PageSize = 20;

    public IReadOnlyList<Notification> Items { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public bool UnreadOnly { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(bool? unread, int? p, CancellationToken ct)
    {
        UnreadOnly = unread ?? false;
        PageNumber = Math.Clamp(p ?? 1, 1, 100_000);
        var result = await queries.InboxAsync(Actor, UnreadOnly, PageNumber, PageSize, ct);
        (Items, Total) = (result.Items, result.Total);
    }

    /// <summary>Marks one message read; another account's message answers 404 (the use case's NotFound) and nothing changes.</summary>
    public async Task<IActionResult> OnPostReadAsync(Guid id, bool? unread, int? p, CancellationToken ct)
    {
        await markRead.ExecuteAsync(Actor, id, ct);
        return RedirectToPage(new { unread = unread == true ? true : (bool?)null, p = p > 1 ? p : null });
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        var updated = await markAllRead.ExecuteAsync(Actor, ct);
        Notice = updated > 0 ? $"已将 {updated} 条消息标记为已读。" : "没有未读消息。";
        return RedirectToPage();
    }

    public string PageUrl(int page) =>
        "/console/notifications?" + (UnreadOnly ? "unread=true&" : "") + "p=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
