using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Api.Me;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Notifications;

/// <summary>The embedded default without a mini-program: the demo works and nothing tries to reach WeChat.</summary>
public sealed class WithoutWeChatTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [Fact]
    public async Task A_tasks_code_is_a_plain_qr_code_messages_stay_in_the_app_and_dev_phone_codes_bind()
    {
        var home = await api.NewCommunityAsync();
        var volunteer = await api.NewResidentAsync(home);
        var task = await api.PublishTaskAsync(home);

        var image = await api.Client(volunteer.Token).GetAsync($"/api/v1/tasks/{task}/wxacode");
        await image.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await image.Content.ReadAsByteArrayAsync())[..4]);

        await api.ClaimAsync(volunteer.Token, task);
        await using (var scope = api.Services.CreateAsyncScope())
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<DeliverNotifications>().RunAsync(CancellationToken.None));
        var delivery = await api.DbAsync(db => (from d in db.NotificationDeliveries
                                                join n in db.Notifications on d.NotificationId equals n.Id
                                                where n.RecipientId == volunteer.Id
                                                select d).SingleAsync());
        Assert.Equal((DeliveryStatus.Skipped, "wechatNotConfigured"), (delivery.Status, delivery.LastError));
        Assert.Equal(1, (await (await api.Client(volunteer.Token).GetAsync("/api/v1/me")).ReadAsync<ProfileResponse>()).UnreadNotifications);

        await (await api.Client(volunteer.Token).PostJsonAsync("/api/v1/me/phone", new { code = "dev-13800138000" })).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("13800138000", (await (await api.Client(volunteer.Token).GetAsync("/api/v1/me")).ReadAsync<ProfileResponse>()).Phone);
    }
}
