using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.WeChat;

namespace Volunteer.Api.Notifications;

public static class NotificationEndpoints
{
    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var me = app.MapApiGroup("/api/v1/me", "消息通知");

        me.MapGet("/notifications", List).WithName("ListMyNotifications")
            .WithSummary("我的消息（站内信）")
            .WithDescription("按时间倒序分页；unread=true 只看未读。居民、社区工作人员、共建单位工作人员和管理员各有自己的收件箱。")
            .Problems(400);

        me.MapPost("/notifications/{id:guid}/read", Read).WithName("ReadNotification")
            .WithSummary("标记一条消息为已读")
            .WithDescription("重复标记保留第一次的已读时间。别人的消息视为不存在（404）。")
            .Problems(404);

        me.MapPost("/notifications/read-all", ReadAll).WithName("ReadAllNotifications")
            .WithSummary("全部标记为已读");

        me.MapPost("/subscriptions", Subscribe).WithName("RecordSubscriptions")
            .WithSummary("登记订阅消息授权（居民）")
            .WithDescription("小程序调用 wx.requestSubscribeMessage 后，把用户选择“允许”的模板 id 报给后端；每个 id 计一次发送机会，"
                + "一条订阅消息用掉一次。没有发送机会的通知只在站内显示。")
            .Problems(400, 403);

        me.MapPost("/phone", BindPhoneNumber).WithName("BindPhone")
            .WithSummary("绑定微信手机号（居民）")
            .WithDescription("用手机号快速验证组件（button open-type=getPhoneNumber）返回的 code 换取微信验证过的手机号，保存到个人资料；"
                + "他人只能看到脱敏号码（138****5678）。")
            .Problems(400, 403, 422, 503);

        app.MapApiGroup("/api/v1/tasks", "任务").MapGet("/{id:guid}/wxacode", WxaCodeImage).WithName("GetTaskWxaCode")
            .WithSummary("任务小程序码")
            .WithDescription("微信 getwxacodeunlimit 生成的小程序码（image/png 或 image/jpeg），scene 为任务 id（32 位十六进制），"
                + "扫码打开任务详情页。未配置小程序时返回普通二维码（QRCoder），便于演示。结果按任务缓存。")
            .Produces<byte[]>(StatusCodes.Status200OK, "image/png", "image/jpeg")
            .Problems(404, 503);

        app.MapApiGroup("/api/v1/admin/notifications", "消息通知").MapGet("/deliveries", Deliveries).WithName("ListNotificationDeliveries")
            .WithSummary("订阅消息发送状态（管理员）")
            .WithDescription("每条通知在微信渠道的发送记录：状态、尝试次数、下次尝试时间和最近的错误。街道管理员看本街道居民的记录。")
            .Problems(400, 403);

        var content = app.MapApiGroup("/api/v1/content-review", "内容安全");
        content.MapGet("/", Held).WithName("ListHeldContent")
            .WithSummary("待人工复核的内容（工作人员）")
            .WithDescription("微信内容安全检测（msg_sec_check）结果为“疑似”的居民姓名、评价和需求：放行前其他人看不到。"
                + "需求经审核（通过或驳回）即完成复核；姓名和评价在此放行。只列出本社区（或本街道）的内容。")
            .Problems(403);
        content.MapPost("/names/{memberId:guid}/release", ReleaseName).WithName("ReleaseHeldName")
            .WithSummary("放行待复核的姓名")
            .Problems(404, 409);
        content.MapPost("/ratings/{claimId:guid}/release", ReleaseRating).WithName("ReleaseHeldRating")
            .WithSummary("放行待复核的评价")
            .Problems(403, 404, 409);

        return app;
    }

    private static async Task<Ok<HeldContent>> Held(ClaimsPrincipal user, ContentReviewQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.HeldAsync(user.Actor(), ct));

    private static async Task<NoContent> ReleaseName(Guid memberId, ClaimsPrincipal user, ReleaseHeldName useCase, CancellationToken ct)
    {
        await useCase.ExecuteAsync(user.Actor(), memberId, ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> ReleaseRating(Guid claimId, ClaimsPrincipal user, ReleaseHeldRating useCase, CancellationToken ct)
    {
        await useCase.ExecuteAsync(user.Actor(), claimId, ct);
        return TypedResults.NoContent();
    }

    /// <param name="unread">true 时只返回未读消息。</param>
    private static async Task<Ok<Paged<NotificationResponse>>> List(ClaimsPrincipal user, NotificationQueries queries, bool? unread,
        int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var result = await queries.InboxAsync(user.Actor(), unread ?? false, paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(new Paged<NotificationResponse>(result.Items.Select(NotificationResponse.Of).ToList(), result.Total,
            paging.Page, paging.PageSize));
    }

    private static async Task<Ok<NotificationResponse>> Read(Guid id, ClaimsPrincipal user, MarkNotificationRead useCase, CancellationToken ct) =>
        TypedResults.Ok(NotificationResponse.Of(await useCase.ExecuteAsync(user.Actor(), id, ct)));

    private static async Task<Ok<ReadAllResponse>> ReadAll(ClaimsPrincipal user, MarkAllNotificationsRead useCase, CancellationToken ct) =>
        TypedResults.Ok(new ReadAllResponse(await useCase.ExecuteAsync(user.Actor(), ct)));

    private static async Task<Ok<IReadOnlyList<SubscribeCreditResponse>>> Subscribe(SubscriptionsRequest body, ClaimsPrincipal user,
        RecordSubscriptions useCase, CancellationToken ct)
    {
        var credits = await useCase.ExecuteAsync(user.Actor(), body.TemplateIds, ct);
        return TypedResults.Ok<IReadOnlyList<SubscribeCreditResponse>>(credits.Select(c => new SubscribeCreditResponse(c.TemplateId, c.Count)).ToList());
    }

    private static async Task<Ok<BindPhoneResponse>> BindPhoneNumber(BindPhoneRequest body, ClaimsPrincipal user, BindPhone useCase,
        CancellationToken ct)
    {
        var member = await useCase.ExecuteAsync(user.Actor(), body.Code, ct);
        return TypedResults.Ok(new BindPhoneResponse(member.Phone!, member.PhoneVerifiedAt!.Value));
    }

    private static async Task<FileContentHttpResult> WxaCodeImage(Guid id, ClaimsPrincipal user, GetTaskWxaCode useCase, CancellationToken ct)
    {
        var code = await useCase.ExecuteAsync(user.Actor(), id, ct);
        return TypedResults.File(code.Bytes, code.ContentType);
    }

    /// <param name="status">只看一种状态：pending、sending、sent、failed、skipped。</param>
    private static async Task<Ok<Paged<DeliveryResponse>>> Deliveries(ClaimsPrincipal user, NotificationQueries queries,
        DeliveryStatus? status, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var result = await queries.DeliveriesAsync(user.Actor(), status, paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(new Paged<DeliveryResponse>(result.Items.Select(DeliveryResponse.Of).ToList(), result.Total,
            paging.Page, paging.PageSize));
    }
}
