using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Api.Claims;
using Volunteer.Api.Http;
using Volunteer.Api.Me;
using Volunteer.Api.Needs;
using Volunteer.Api.Notifications;
using Volunteer.Api.Tasks;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.WeChat;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Notifications;

/// <summary>The API with a mini-program configured against the local WeChat stub, templates for some kinds.</summary>
public class WeChatApi(Provider provider) : ApiFactory(provider)
{
    public const string NeedApprovedTemplate = "TPL-need-approved-0001";
    public const string ClaimAcceptedTemplate = "TPL-claim-accepted-0002";

    public WeChatStub Stub { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["WeChat:AppId"] = WeChatStub.AppId,
        ["WeChat:AppSecret"] = WeChatStub.AppSecret,
        ["WeChat:BaseUrl"] = Stub.BaseUrl,
        ["WeChat:Timeout"] = "00:00:10", // generous: the shared machine is loaded; no test here waits for a timeout
        ["WeChat:Templates:needApproved"] = NeedApprovedTemplate,
        ["WeChat:Templates:claimAccepted"] = ClaimAcceptedTemplate,
    };

    public override async ValueTask InitializeAsync()
    {
        await Stub.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Stub.DisposeAsync();
    }

    /// <summary>One run of the delivery worker, as the scheduler would start it.</summary>
    public async Task<int> DeliverAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DeliverNotifications>().RunAsync(CancellationToken.None);
    }

    public async Task<int> SweepAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ProduceTimedNotifications>().RunAsync(CancellationToken.None);
    }
}

public sealed class WeChatPostgresApi() : WeChatApi(Provider.Postgres);

public sealed class WeChatSqliteApi() : WeChatApi(Provider.Sqlite);

public abstract class NotificationTests(WeChatApi api)
{
    [Fact]
    public async Task A_need_approved_reaches_the_requester_once_in_the_inbox_and_by_one_subscribe_message_even_after_two_failed_sends()
    {
        var home = await api.NewCommunityAsync();
        var requester = await api.NewResidentAsync(home);
        var me = api.Client(requester.Token);
        var need = await PostNeedAsync(requester, "帮忙买菜送到家");
        var credits = await (await me.PostJsonAsync("/api/v1/me/subscriptions", new { templateIds = new[] { WeChatApi.NeedApprovedTemplate } }))
            .ReadAsync<List<SubscribeCreditResponse>>();
        Assert.Equal(1, Assert.Single(credits).Count);

        var approved = await (await api.Client(home.StaffToken).PostJsonAsync($"/api/v1/needs/{need}/approve", Terms()))
            .ReadAsync<ApprovedNeedResponse>(HttpStatusCode.Created);

        var inbox = await (await me.GetAsync("/api/v1/me/notifications")).ReadAsync<Paged<NotificationResponse>>();
        var message = Assert.Single(inbox.Items);
        Assert.Equal(NotificationKind.NeedApproved, message.Kind);
        Assert.Contains("帮忙买菜送到家", message.Body);
        Assert.Equal($"pages/task-detail/index?id={approved.Task.Id}", message.Link);
        Assert.Null(message.ReadAt);
        Assert.Equal(1, (await (await me.GetAsync("/api/v1/me")).ReadAsync<ProfileResponse>()).UnreadNotifications);
        // Staff were told of the new need in their own inbox.
        var staffInbox = await (await api.Client(home.StaffToken).GetAsync("/api/v1/me/notifications")).ReadAsync<Paged<NotificationResponse>>();
        Assert.Contains(staffInbox.Items, n => n.Kind == NotificationKind.NeedSubmitted && n.Link == $"/console/needs/{need}");

        api.Stub.FailNextSends(SendFailure.Http500, SendFailure.SystemBusy);
        await api.DeliverAsync();
        var delivery = await DeliveryOfAsync(message.Id);
        Assert.Equal((DeliveryStatus.Pending, 1), (delivery.Status, delivery.Attempts));
        Assert.InRange(delivery.NextAttemptAt - api.Clock.GetUtcNow(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        await api.DeliverAsync(); // not due yet: nothing is sent
        Assert.Equal(1, (await DeliveryOfAsync(message.Id)).Attempts);

        api.Clock.Advance(TimeSpan.FromSeconds(30));
        await api.DeliverAsync();
        delivery = await DeliveryOfAsync(message.Id);
        Assert.Equal((DeliveryStatus.Pending, 2), (delivery.Status, delivery.Attempts));

        api.Clock.Advance(NotificationDelivery.Backoff(2));
        await api.DeliverAsync();
        api.Clock.Advance(TimeSpan.FromHours(2));
        await api.DeliverAsync();

        var sent = Assert.Single(api.Stub.Sent, m => m.ToUser == requester.Member.OpenId);
        Assert.Equal(WeChatApi.NeedApprovedTemplate, sent.TemplateId);
        Assert.Equal($"pages/task-detail/index?id={approved.Task.Id}", sent.Page);
        Assert.Equal("帮忙买菜送到家", sent.Data["thing1"]);
        Assert.Equal("已通过", sent.Data["phrase2"]);
        delivery = await DeliveryOfAsync(message.Id);
        Assert.Equal((DeliveryStatus.Sent, 3), (delivery.Status, delivery.Attempts));
        Assert.Equal(0, await CreditsAsync(requester, WeChatApi.NeedApprovedTemplate));
    }

    [Fact]
    public async Task Without_a_send_credit_the_message_stays_in_the_app_and_nothing_goes_to_wechat()
    {
        var home = await api.NewCommunityAsync();
        var volunteer = await api.NewResidentAsync(home);
        var task = await api.PublishTaskAsync(home);
        var claim = await api.ClaimAsync(volunteer.Token, task);

        await api.DeliverAsync();

        var inbox = await (await api.Client(volunteer.Token).GetAsync("/api/v1/me/notifications")).ReadAsync<Paged<NotificationResponse>>();
        var message = Assert.Single(inbox.Items);
        Assert.Equal((NotificationKind.ClaimAccepted, "pages/claims/index"), (message.Kind, message.Link));
        var delivery = await DeliveryOfAsync(message.Id);
        Assert.Equal((DeliveryStatus.Skipped, "noCredit"), (delivery.Status, delivery.LastError));
        Assert.DoesNotContain(api.Stub.Sent, m => m.ToUser == volunteer.Member.OpenId);
    }

    [Fact]
    public async Task A_refusal_from_wechat_is_recorded_and_never_retried()
    {
        var home = await api.NewCommunityAsync();
        var volunteer = await api.NewResidentAsync(home);
        await SubscribeAsync(volunteer, WeChatApi.ClaimAcceptedTemplate);
        await api.ClaimAsync(volunteer.Token, await api.PublishTaskAsync(home));
        var attempts = api.Stub.SendAttempts;

        api.Stub.FailNextSends(SendFailure.Refused);
        await api.DeliverAsync();
        api.Clock.Advance(TimeSpan.FromHours(3));
        await api.DeliverAsync();

        var delivery = await api.DbAsync(db => (from d in db.NotificationDeliveries
                                                join n in db.Notifications on d.NotificationId equals n.Id
                                                where n.RecipientId == volunteer.Id
                                                select d).SingleAsync());
        Assert.Equal((DeliveryStatus.Failed, 1), (delivery.Status, delivery.Attempts));
        Assert.StartsWith("43101", delivery.LastError);
        Assert.Equal(attempts + 1, api.Stub.SendAttempts);

        var admin = await api.NewAdminAsync(home.StreetId);
        var listed = await (await api.Client(admin.Token).GetAsync("/api/v1/admin/notifications/deliveries?status=failed"))
            .ReadAsync<Paged<DeliveryResponse>>();
        Assert.Contains(listed.Items, d => d.Id == delivery.Id && d.LastError!.StartsWith("43101", StringComparison.Ordinal));
        await (await api.Client(volunteer.Token).GetAsync("/api/v1/admin/notifications/deliveries")).ShouldBeAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Workers_racing_over_the_same_deliveries_send_each_message_once()
    {
        var home = await api.NewCommunityAsync();
        var volunteers = await api.NewResidentsAsync(home, 8);
        var task = await api.PublishTaskAsync(home, slots: 8);
        foreach (var volunteer in volunteers)
        {
            await SubscribeAsync(volunteer, WeChatApi.ClaimAcceptedTemplate);
            await api.ClaimAsync(volunteer.Token, task);
        }
        var attempts = api.Stub.SendAttempts;

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, 4).Select(async _ =>
        {
            await gate.Task;
            return await api.DeliverAsync();
        }).ToList();
        gate.SetResult();
        var sentByWorker = await Task.WhenAll(workers);

        Assert.Equal(8, sentByWorker.Sum());
        Assert.Equal(attempts + 8, api.Stub.SendAttempts);
        foreach (var volunteer in volunteers)
            Assert.Single(api.Stub.Sent, m => m.ToUser == volunteer.Member.OpenId);
    }

    [Fact]
    public async Task A_delivery_left_by_a_worker_that_died_is_sent_once_its_lease_runs_out()
    {
        var home = await api.NewCommunityAsync();
        var volunteer = await api.NewResidentAsync(home);
        await SubscribeAsync(volunteer, WeChatApi.ClaimAcceptedTemplate);
        await api.ClaimAsync(volunteer.Token, await api.PublishTaskAsync(home));
        // A worker claims the delivery and dies before sending or recording anything.
        await api.DbAsync(async db =>
        {
            var delivery = await (from d in db.NotificationDeliveries
                                  join n in db.Notifications on d.NotificationId equals n.Id
                                  where n.RecipientId == volunteer.Id
                                  select d).SingleAsync();
            delivery.Claim(api.Clock.GetUtcNow(), TimeSpan.FromMinutes(2));
            await db.SaveChangesAsync();
        });

        await api.DeliverAsync();
        Assert.DoesNotContain(api.Stub.Sent, m => m.ToUser == volunteer.Member.OpenId);

        api.Clock.Advance(TimeSpan.FromMinutes(2));
        await api.DeliverAsync();
        await api.DeliverAsync();
        Assert.Single(api.Stub.Sent, m => m.ToUser == volunteer.Member.OpenId);
    }

    [Fact]
    public async Task The_access_token_is_fetched_once_reused_and_replaced_once_when_wechat_says_40001()
    {
        var home = await api.NewCommunityAsync();
        var volunteers = await api.NewResidentsAsync(home, 3);
        var task = await api.PublishTaskAsync(home, slots: 3);

        await SendClaimMessageAsync(volunteers[0], task);
        var fetched = api.Stub.TokenRequests;
        await SendClaimMessageAsync(volunteers[1], task);
        Assert.Equal(fetched, api.Stub.TokenRequests);

        api.Stub.RotateToken(); // another server renewed it: ours is stale now
        var stale = api.Stub.StaleTokenRequests;
        await SendClaimMessageAsync(volunteers[2], task);
        Assert.Equal(fetched + 1, api.Stub.TokenRequests);
        Assert.Equal(stale + 1, api.Stub.StaleTokenRequests);
        foreach (var volunteer in volunteers)
            Assert.Single(api.Stub.Sent, m => m.ToUser == volunteer.Member.OpenId);
    }

    [Fact]
    public async Task A_tasks_wxacode_comes_from_wechat_once_and_then_from_the_cache()
    {
        var home = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(home);
        var task = await api.PublishTaskAsync(home);

        var first = await api.Client(home.StaffToken).GetAsync($"/api/v1/tasks/{task}/wxacode");
        var second = await api.Client(resident.Token).GetAsync($"/api/v1/tasks/{task}/wxacode");

        await first.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("image/jpeg", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(WeChatStub.WxaCodeBytes(task.ToString("N")), await first.Content.ReadAsByteArrayAsync());
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        Assert.Single(api.Stub.WxaCodeScenes, s => s == task.ToString("N"));
        Assert.Equal("task.notFound", (await (await api.Client(resident.Token).GetAsync($"/api/v1/tasks/{Guid.NewGuid()}/wxacode"))
            .ProblemAsync(HttpStatusCode.NotFound)).Code);
    }

    [Fact]
    public async Task A_phone_number_wechat_verified_is_bound_and_shown_masked_to_others()
    {
        var home = await api.NewCommunityAsync();
        var requester = await api.NewResidentAsync(home);
        var volunteer = await api.NewResidentAsync(home);
        var me = api.Client(volunteer.Token);

        var bound = await (await me.PostJsonAsync("/api/v1/me/phone", new { code = "phone-13912345678" })).ReadAsync<BindPhoneResponse>();

        Assert.Equal("13912345678", bound.Phone);
        var profile = await (await me.GetAsync("/api/v1/me")).ReadAsync<ProfileResponse>();
        Assert.Equal(("13912345678", true), (profile.Phone, profile.PhoneVerified));
        var need = await PostNeedAsync(requester, "陪同就医");
        var approved = await (await api.Client(home.StaffToken).PostJsonAsync($"/api/v1/needs/{need}/approve", Terms()))
            .ReadAsync<ApprovedNeedResponse>(HttpStatusCode.Created);
        var claim = await api.ClaimAsync(volunteer.Token, approved.Task.Id);
        var seenByRequester = await (await api.Client(requester.Token).GetAsync($"/api/v1/claims/{claim.Id}")).ReadAsync<ClaimResponse>();
        Assert.Equal("139****5678", seenByRequester.ClaimantPhone);
        var seenByStaff = await (await api.Client(home.StaffToken).GetAsync($"/api/v1/claims/{claim.Id}")).ReadAsync<ClaimResponse>();
        Assert.Equal("13912345678", seenByStaff.ClaimantPhone);

        Assert.Equal("wechat.invalidCode", (await (await me.PostJsonAsync("/api/v1/me/phone", new { code = "used-code" }))
            .ProblemAsync(HttpStatusCode.BadRequest)).Code);
    }

    [Fact]
    public async Task Risky_text_is_refused_with_nothing_saved_and_doubtful_text_is_held_for_staff()
    {
        var home = await api.NewCommunityAsync();
        var requester = await api.NewResidentAsync(home);
        var me = api.Client(requester.Token);

        var refused = await me.PostJsonAsync("/api/v1/needs", new { title = "出售" + WeChatStub.RiskyWord, category = "elderlyCare" });

        Assert.Equal("content.rejected", (await refused.ProblemAsync(HttpStatusCode.UnprocessableEntity)).Code);
        Assert.Equal(0, await api.DbAsync(db => db.Needs.CountAsync(n => n.RequesterId == requester.Id)));
        Assert.Equal(0, await api.DbAsync(db => db.Notifications.CountAsync(n => n.RecipientId == home.Staff.Id)));
        Assert.Contains(api.Stub.ContentChecks, c => c.OpenId == requester.Member.OpenId && c.Scene == 3);

        var renamed = await me.PutJsonAsync("/api/v1/me", new { name = "我是" + WeChatStub.RiskyWord, communityId = home.CommunityId, gridId = home.GridId });
        Assert.Equal("content.rejected", (await renamed.ProblemAsync(HttpStatusCode.UnprocessableEntity)).Code);
        Assert.Equal(requester.Member.Name, (await (await me.GetAsync("/api/v1/me")).ReadAsync<ProfileResponse>()).Name);

        var held = await PostNeedAsync(requester, "需要帮助" + WeChatStub.ReviewWord);
        Assert.True(await api.DbAsync(db => db.Needs.Where(n => n.Id == held).Select(n => n.HeldForContentReview).SingleAsync()));
        await (await me.PutJsonAsync("/api/v1/me", new { name = "新名字" + WeChatStub.ReviewWord, communityId = home.CommunityId, gridId = home.GridId })).ShouldBeAsync(HttpStatusCode.OK);
        var profile = await (await me.GetAsync("/api/v1/me")).ReadAsync<ProfileResponse>();
        Assert.Equal((requester.Member.Name, "新名字" + WeChatStub.ReviewWord), (profile.Name, profile.PendingName));

        var elsewhere = await api.NewCommunityAsync(home.StreetId);
        Assert.DoesNotContain((await (await api.Client(elsewhere.StaffToken).GetAsync("/api/v1/content-review")).ReadAsync<HeldContent>()).Names,
            n => n.MemberId == requester.Id);
        await (await api.Client(elsewhere.StaffToken).PostJsonAsync($"/api/v1/content-review/names/{requester.Id}/release"))
            .ShouldBeAsync(HttpStatusCode.NotFound);
        var review = await (await api.Client(home.StaffToken).GetAsync("/api/v1/content-review")).ReadAsync<HeldContent>();
        Assert.Contains(review.Names, n => n.MemberId == requester.Id && n.PendingName == "新名字" + WeChatStub.ReviewWord);
        Assert.Contains(review.Needs, n => n.NeedId == held);
        await (await api.Client(home.StaffToken).PostJsonAsync($"/api/v1/content-review/names/{requester.Id}/release"))
            .ShouldBeAsync(HttpStatusCode.NoContent);
        profile = await (await me.GetAsync("/api/v1/me")).ReadAsync<ProfileResponse>();
        Assert.Equal(("新名字" + WeChatStub.ReviewWord, null), (profile.Name, profile.PendingName));
    }

    [Fact]
    public async Task The_inbox_pages_newest_first_filters_unread_and_marks_read_only_ones_own_messages()
    {
        var home = await api.NewCommunityAsync();
        var volunteer = await api.NewResidentAsync(home);
        var other = await api.NewResidentAsync(home);
        foreach (var _ in Enumerable.Range(0, 3))
        {
            await api.ClaimAsync(volunteer.Token, await api.PublishTaskAsync(home));
            api.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        var me = api.Client(volunteer.Token);

        var page = await (await me.GetAsync("/api/v1/me/notifications?pageSize=2")).ReadAsync<Paged<NotificationResponse>>();
        Assert.Equal((3, 1, 2, 2), (page.Total, page.Page, page.PageSize, page.Items.Count));
        Assert.True(page.Items[0].CreatedAt > page.Items[1].CreatedAt);

        var read = await (await me.PostJsonAsync($"/api/v1/me/notifications/{page.Items[0].Id}/read")).ReadAsync<NotificationResponse>();
        Assert.NotNull(read.ReadAt);
        var unread = await (await me.GetAsync("/api/v1/me/notifications?unread=true")).ReadAsync<Paged<NotificationResponse>>();
        Assert.Equal(2, unread.Total);
        Assert.DoesNotContain(unread.Items, n => n.Id == read.Id);
        Assert.Equal("notification.notFound", (await (await api.Client(other.Token).PostJsonAsync($"/api/v1/me/notifications/{read.Id}/read"))
            .ProblemAsync(HttpStatusCode.NotFound)).Code);

        Assert.Equal(2, (await (await me.PostJsonAsync("/api/v1/me/notifications/read-all")).ReadAsync<ReadAllResponse>()).Updated);
        Assert.Equal(0, (await (await me.GetAsync("/api/v1/me")).ReadAsync<ProfileResponse>()).UnreadNotifications);
        Assert.Equal(0, (await (await me.GetAsync("/api/v1/me/notifications?unread=true")).ReadAsync<Paged<NotificationResponse>>()).Total);
    }

    [Fact]
    public async Task A_double_tap_on_claim_leaves_one_claim_and_one_notification()
    {
        var home = await api.NewCommunityAsync();
        var volunteer = await api.NewResidentAsync(home);
        var task = await api.PublishTaskAsync(home);

        await api.AllAtOnceAsync(6, _ => Racer.Post(volunteer.Token, $"/api/v1/tasks/{task}/claims"));

        Assert.Equal(1, await api.DbAsync(db => db.Claims.CountAsync(c => c.MemberId == volunteer.Id)));
        Assert.Equal(1, await api.DbAsync(db => db.Notifications.CountAsync(n => n.RecipientId == volunteer.Id)));
    }

    [Fact]
    public async Task A_reminder_is_written_once_two_hours_before_a_claimed_task_starts_however_often_the_sweep_runs()
    {
        var home = await api.NewCommunityAsync();
        var volunteer = await api.NewResidentAsync(home);
        var now = api.Clock.GetUtcNow();
        var task = await api.PublishTaskAsync(home, startsAt: now.AddHours(3), endsAt: now.AddHours(5));
        await api.ClaimAsync(volunteer.Token, task);

        await api.SweepAsync();
        Assert.Equal(0, await RemindersAsync(volunteer));

        api.Clock.Advance(TimeSpan.FromMinutes(61));
        await Task.WhenAll(api.SweepAsync(), api.SweepAsync(), api.SweepAsync());
        await api.SweepAsync();

        Assert.Equal(1, await RemindersAsync(volunteer));
    }

    [Fact]
    public async Task A_verified_service_tells_the_volunteer_the_points_and_hours_and_a_task_cancelled_tells_its_claimants()
    {
        var home = await api.NewCommunityAsync();
        var volunteer = await api.NewResidentAsync(home);
        var other = await api.NewResidentAsync(home);
        var task = await api.PublishTaskAsync(home, points: 15);
        var served = await api.ServeAsync(home, volunteer.Token, task, TimeSpan.FromMinutes(90));
        await (await api.Client(home.StaffToken).PostJsonAsync($"/api/v1/claims/{served.Id}/verify", new { approved = true }))
            .ShouldBeAsync(HttpStatusCode.OK);
        var later = await api.PublishTaskAsync(home, startsAt: api.Clock.GetUtcNow().AddHours(5), endsAt: api.Clock.GetUtcNow().AddHours(6));
        await api.ClaimAsync(other.Token, later);
        await (await api.Client(home.StaffToken).PostJsonAsync($"/api/v1/tasks/{later}/cancel", new { reason = "暴雨预警" }))
            .ShouldBeAsync(HttpStatusCode.OK);

        var verified = (await (await api.Client(volunteer.Token).GetAsync("/api/v1/me/notifications")).ReadAsync<Paged<NotificationResponse>>())
            .Items.Single(n => n.Kind == NotificationKind.ClaimVerified);
        Assert.Contains("获得 15 积分", verified.Body);
        Assert.Contains("1.5 小时", verified.Body);
        var cancelled = (await (await api.Client(other.Token).GetAsync("/api/v1/me/notifications")).ReadAsync<Paged<NotificationResponse>>())
            .Items.Single(n => n.Kind == NotificationKind.TaskCancelled);
        Assert.Contains("暴雨预警", cancelled.Body);
    }

    [Fact]
    public async Task Signing_in_keeps_the_unionid_wechat_returns()
    {
        var code = "okunion-" + Guid.NewGuid().ToString("N")[..12];

        await (await api.Client().PostJsonAsync("/api/v1/auth/wechat", new { code })).ShouldBeAsync(HttpStatusCode.OK);

        var openId = "wx-" + code[8..];
        var member = await api.DbAsync(db => db.Members.AsNoTracking().SingleAsync(m => m.OpenId == openId));
        Assert.Equal("union-" + code[8..], member.UnionId);
    }

    private Task<int> RemindersAsync(Person volunteer) =>
        api.DbAsync(db => db.Notifications.CountAsync(n => n.RecipientId == volunteer.Id && n.Kind == NotificationKind.TaskReminder));

    private async Task SendClaimMessageAsync(Person volunteer, Guid task)
    {
        await SubscribeAsync(volunteer, WeChatApi.ClaimAcceptedTemplate);
        await api.ClaimAsync(volunteer.Token, task);
        await api.DeliverAsync();
    }

    private async Task SubscribeAsync(Person member, string templateId) =>
        await (await api.Client(member.Token).PostJsonAsync("/api/v1/me/subscriptions", new { templateIds = new[] { templateId } }))
            .ShouldBeAsync(HttpStatusCode.OK);

    private async Task<Guid> PostNeedAsync(Person requester, string title)
    {
        var response = await api.Client(requester.Token).PostJsonAsync("/api/v1/needs", new { title, category = "elderlyCare" });
        return (await response.ReadAsync<CreatedId>(HttpStatusCode.Created)).Id;
    }

    private object Terms() => new
    {
        slots = 1,
        points = 10,
        startsAt = api.Clock.GetUtcNow().AddMinutes(-5),
        endsAt = api.Clock.GetUtcNow().AddHours(3),
    };

    private Task<NotificationDelivery> DeliveryOfAsync(Guid notificationId) =>
        api.DbAsync(db => db.NotificationDeliveries.AsNoTracking().SingleAsync(d => d.NotificationId == notificationId));

    private Task<int> CreditsAsync(Person member, string templateId) =>
        api.DbAsync(db => db.SubscribeCredits.Where(c => c.MemberId == member.Id && c.TemplateId == templateId).Select(c => c.Count).SingleAsync());
}

public sealed class NotificationsOnPostgres(WeChatPostgresApi api) : NotificationTests(api), IClassFixture<WeChatPostgresApi>;

public sealed class NotificationsOnSqlite(WeChatSqliteApi api) : NotificationTests(api), IClassFixture<WeChatSqliteApi>;
