using Volunteer.Domain.Common;
using Volunteer.Domain.Notifications;
using Volunteer.Domain.Tasks;
using static Volunteer.Tests.Domain.Builders;

namespace Volunteer.Tests.Domain;

public class NotificationRulesTests
{
    [Fact]
    public void Template_values_keep_within_wechats_limits_for_their_keyword_type()
    {
        var data = new TemplateData()
            .Text("thing1", "为独居老人王秀英家中清理厨房和卫生间的积水并更换灯泡")
            .Text("phrase2", "已通过 OK")
            .Text("character_string3", "CODE 中文 123-ABC")
            .Number("number4", 12.5m)
            .Time("time5", new DateTimeOffset(2026, 10, 1, 7, 1, 0, TimeSpan.Zero))
            .Time("date6", new DateTimeOffset(2026, 12, 31, 17, 0, 0, TimeSpan.Zero))
            .Text("thing7", "第一行\n第二行");

        Assert.Equal(20, data.Values["thing1"].Length);
        Assert.EndsWith("…", data.Values["thing1"]);
        Assert.Equal("已通过", data.Values["phrase2"]);
        Assert.Equal("CODE123-ABC", data.Values["character_string3"]);
        Assert.Equal("12.5", data.Values["number4"]);
        Assert.Equal("2026年10月1日 15:01", data.Values["time5"]);
        Assert.Equal("2027年1月1日", data.Values["date6"]); // China Standard Time: already the new year
        Assert.Equal("第一行 第二行", data.Values["thing7"]);
        Assert.Equal(data.Values, TemplateData.FromJson(data.ToJson()));
    }

    [Fact]
    public void A_failed_delivery_is_retried_first_within_30_seconds_then_ever_later_and_gives_up_after_the_last_attempt()
    {
        Assert.True(NotificationDelivery.Backoff(1) <= TimeSpan.FromSeconds(30));
        Assert.True(NotificationDelivery.Backoff(2) > NotificationDelivery.Backoff(1));
        Assert.Equal(NotificationDelivery.MaxRetry, NotificationDelivery.Backoff(20));

        var delivery = NotificationDelivery.WeChatFor(Notification.ClaimAccepted(ClaimOf(Task()), Task(), Now));
        var now = Now;
        for (var attempt = 1; attempt < NotificationDelivery.MaxAttempts; attempt++)
        {
            delivery.Claim(now, TimeSpan.FromMinutes(2));
            delivery.RetryLater("-1: system error", now);
            Assert.Equal(DeliveryStatus.Pending, delivery.Status);
            Assert.False(delivery.IsDue(now));
            now = delivery.NextAttemptAt;
        }
        delivery.Claim(now, TimeSpan.FromMinutes(2));
        delivery.RetryLater("-1: system error", now);
        Assert.Equal((DeliveryStatus.Failed, NotificationDelivery.MaxAttempts), (delivery.Status, delivery.Attempts));
        Assert.False(delivery.IsDue(now.AddDays(1)));
    }

    [Fact]
    public void A_claimed_delivery_is_held_by_its_worker_until_the_lease_runs_out()
    {
        var delivery = NotificationDelivery.WeChatFor(Notification.ClaimAccepted(ClaimOf(Task()), Task(), Now));
        delivery.Claim(Now, TimeSpan.FromMinutes(2));

        Assert.False(delivery.IsDue(Now.AddMinutes(1)));
        Assert.Equal("delivery.notDue", Assert.Throws<DomainException>(() => delivery.Claim(Now.AddMinutes(1), TimeSpan.FromMinutes(2))).Code);
        Assert.True(delivery.IsDue(Now.AddMinutes(2)));

        delivery.Claim(Now.AddMinutes(2), TimeSpan.FromMinutes(2));
        delivery.MarkSent(Now.AddMinutes(2));
        Assert.False(delivery.IsDue(Now.AddDays(1)));
        Assert.Equal("delivery.notClaimed", Assert.Throws<DomainException>(() => delivery.MarkSent(Now.AddDays(1))).Code);
    }

    [Fact]
    public void A_partner_organisations_claim_is_reported_to_the_staff_account_that_claimed_it()
    {
        var task = Task();
        var accountId = Guid.NewGuid();
        var claim = task.Claim(Claimant.ForPartner(Guid.NewGuid(), accountId), Now);

        var notification = Notification.ClaimAccepted(claim, task, Now);

        Assert.Equal((RecipientKind.Account, accountId), (notification.RecipientKind, notification.RecipientId));
        Assert.StartsWith("/console/", notification.Link);
    }

    [Fact]
    public void A_claim_accepted_message_is_worded_from_the_tasks_terms_alike_for_every_claim_of_them()
    {
        var starts = new DateTimeOffset(2026, 12, 1, 1, 30, 0, TimeSpan.Zero);
        var task = Task(startsAt: starts, endsAt: starts.AddHours(2));
        var terms = task.Terms;
        var other = Task(startsAt: starts.AddHours(24.5), endsAt: starts.AddHours(26));

        var first = Notification.ClaimAccepted(ClaimOf(task), terms, Now);
        var second = Notification.ClaimAccepted(ClaimOf(task), terms, Now.AddMinutes(1));
        var ofTheEntity = Notification.ClaimAccepted(ClaimOf(task), task, Now);
        var ofAnother = Notification.ClaimAccepted(ClaimOf(other), other.Terms, Now);

        Assert.Equal("您已认领「环境整治」，开始时间 12月1日 09:30，请按时到场签到。", first.Body);
        var data = TemplateData.FromJson(first.TemplateData);
        Assert.Equal(("环境整治", "2026年12月1日 09:30", "请按时到场签到"), (data["thing1"], data["time2"], data["thing3"]));
        Assert.Equal((first.Title, first.Body, first.TemplateData), (second.Title, second.Body, second.TemplateData));
        Assert.Equal((first.Body, first.TemplateData), (ofTheEntity.Body, ofTheEntity.TemplateData));
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal("您已认领「环境整治」，开始时间 12月2日 10:00，请按时到场签到。", ofAnother.Body);
        Assert.Equal("2026年12月2日 10:00", TemplateData.FromJson(ofAnother.TemplateData)["time2"]);
    }

    private static Claim ClaimOf(ServiceTask task) => task.Claim(Claimant.ForMember(Resident(confirmedPartyMember: true)), Now);
}
