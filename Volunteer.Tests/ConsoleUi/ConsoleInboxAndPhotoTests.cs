using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Notifications;
using Volunteer.Domain.Tasks;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.ConsoleUi;

/// <summary>
/// <c>/console/notifications</c> reads and marks the signed-in account's own inbox only;
/// <c>/console/photos/{id}</c> serves a claim's photo to those who may see the claim, 404 to others.
/// </summary>
public sealed class ConsoleInboxAndPhotoTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    [Fact]
    public async Task Staff_see_a_new_need_in_their_inbox_with_the_unread_badge_and_mark_it_read()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);
        await PostNeedAsync(resident.Token);
        var note = await api.DbAsync(db => db.Notifications.AsNoTracking()
            .SingleAsync(n => n.RecipientKind == RecipientKind.Account && n.RecipientId == place.Staff.Id));
        var staff = await ConsoleSession.SignInAsync(api, place.Staff.Username);

        var home = await staff.HtmlAsync("/console");
        Assert.Contains("id=\"unread-count\"", home);
        var unreadList = await staff.HtmlAsync("/console/notifications?unread=true");
        Assert.Contains(note.Title, unreadList);
        Assert.Contains($"id=\"n-{note.Id}\"", unreadList);

        var read = await staff.SubmitAsync("/console/notifications", [], $"/console/notifications?handler=Read&id={note.Id}");

        Assert.True(read.StatusCode == HttpStatusCode.Redirect, await read.Content.ReadAsStringAsync());
        Assert.NotNull(await api.DbAsync(db => db.Notifications.Where(n => n.Id == note.Id).Select(n => n.ReadAt).SingleAsync()));
        Assert.DoesNotContain(note.Id.ToString(), await staff.HtmlAsync("/console/notifications?unread=true"));
        Assert.Contains(note.Title, await staff.HtmlAsync("/console/notifications"));
        var stillUnread = await api.DbAsync(db => db.Notifications.Where(n => n.RecipientId == place.Staff.Id && n.ReadAt == null).Select(n => n.Kind.ToString() + n.Title).ToListAsync());
        Assert.Empty(stillUnread);
        Assert.DoesNotContain("id=\"unread-count\"", await staff.HtmlAsync("/console"));
    }

    [Fact]
    public async Task Another_accounts_notification_cannot_be_marked_and_forms_without_a_token_are_refused()
    {
        var place = await api.NewCommunityAsync();
        var other = await api.NewCommunityAsync(place.StreetId);
        var resident = await api.NewResidentAsync(place);
        await PostNeedAsync(resident.Token);
        var noteId = await api.DbAsync(db => db.Notifications
            .Where(n => n.RecipientKind == RecipientKind.Account && n.RecipientId == place.Staff.Id).Select(n => n.Id).SingleAsync());
        var outsider = await ConsoleSession.SignInAsync(api, other.Staff.Username);
        var owner = await ConsoleSession.SignInAsync(api, place.Staff.Username);

        Assert.DoesNotContain(noteId.ToString(), await outsider.HtmlAsync("/console/notifications"));
        var foreign = await outsider.SubmitAsync("/console/notifications", [], $"/console/notifications?handler=Read&id={noteId}");
        var readAll = await outsider.SubmitAsync("/console/notifications", [], "/console/notifications?handler=ReadAll");
        var forgedOne = await owner.PostWithoutTokenAsync($"/console/notifications?handler=Read&id={noteId}", []);
        var forgedAll = await owner.PostWithoutTokenAsync("/console/notifications?handler=ReadAll", []);

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, readAll.StatusCode);
        Assert.All([forgedOne, forgedAll], r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Null(await api.DbAsync(db => db.Notifications.Where(n => n.Id == noteId).Select(n => n.ReadAt).SingleAsync()));
        Assert.Contains(noteId.ToString(), await owner.HtmlAsync("/console/notifications?unread=true"));
    }

    [Fact]
    public async Task Staff_of_the_community_see_a_claim_photo_beside_the_claim_and_other_communities_get_404()
    {
        var place = await api.NewCommunityAsync();
        var other = await api.NewCommunityAsync(place.StreetId);
        var resident = await api.NewResidentAsync(place);
        var taskId = await api.PublishTaskAsync(place);
        var claim = await api.ClaimAsync(resident.Token, taskId);
        var code = await (await api.Client(place.StaffToken).GetAsync($"/api/v1/tasks/{taskId}/check-in-code")).ReadAsync<Volunteer.Api.Tasks.CheckInCodeResponse>();
        await (await api.Client(resident.Token).PostJsonAsync($"/api/v1/claims/{claim.Id}/check-in", new { code = code.Code })).ShouldBeAsync(HttpStatusCode.OK);
        var file = new ByteArrayContent(TestImages.Png(40, 30));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var upload = await api.Client(resident.Token).PostAsync($"/api/v1/claims/{claim.Id}/photos", new MultipartFormDataContent { { file, "file", "p.png" } });
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var photoId = await api.DbAsync(db => db.Set<ClaimPhoto>().Where(p => p.ClaimId == claim.Id).Select(p => p.Id).SingleAsync());
        var staff = await ConsoleSession.SignInAsync(api, place.Staff.Username);
        var outsider = await ConsoleSession.SignInAsync(api, other.Staff.Username);

        Assert.Contains($"src=\"/console/photos/{photoId}\"", await staff.HtmlAsync("/console/verification"));
        Assert.Contains($"src=\"/console/photos/{photoId}\"", await staff.HtmlAsync($"/console/tasks/{taskId}"));
        var seen = await staff.Client.GetAsync($"/console/photos/{photoId}");
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
        Assert.StartsWith("image/", seen.Content.Headers.ContentType?.MediaType);
        var stored = await api.DbAsync(db => db.Set<Volunteer.Infrastructure.Photos.PhotoBlob>().Where(b => b.Id == photoId).Select(b => b.Content).SingleAsync());
        Assert.Equal(stored, await seen.Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Client.GetAsync($"/console/photos/{photoId}")).StatusCode);
        Assert.DoesNotContain(photoId.ToString(), await outsider.HtmlAsync("/console/verification"));
        Assert.NotEqual(HttpStatusCode.OK, (await ConsoleSession.Open(api).Client.GetAsync($"/console/photos/{photoId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.Client.GetAsync($"/console/photos/{Guid.NewGuid()}")).StatusCode);
    }

    private async Task PostNeedAsync(string token)
    {
        var response = await api.Client(token).PostJsonAsync("/api/v1/needs", new { title = "楼道灯坏了", category = "other", address = "1 栋" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
