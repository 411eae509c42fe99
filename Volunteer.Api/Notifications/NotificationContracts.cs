using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Notifications;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.WeChat;

namespace Volunteer.Api.Notifications;

/// <summary>One inbox message.</summary>
/// <param name="Kind">事件类型：needSubmitted、needApproved、needRejected、claimAccepted、taskCancelled、taskReminder、claimVerified、claimRejected、partyMembershipConfirmed、redemptionExpiring、redemptionRefunded、honourGranted。</param>
/// <param name="Link">点击后打开的位置：居民为小程序页面路径（如 pages/tasks/detail?id=…），工作人员为管理后台路径。</param>
/// <param name="ReadAt">已读时间；未读为 null。</param>
public sealed record NotificationResponse(Guid Id, NotificationKind Kind, string Title, string Body, string Link, DateTimeOffset CreatedAt,
    DateTimeOffset? ReadAt)
{
    public static NotificationResponse Of(Notification n) => new(n.Id, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt);
}

/// <param name="Updated">本次标记为已读的条数。</param>
public sealed record ReadAllResponse(int Updated);

/// <param name="TemplateIds">用户在 wx.requestSubscribeMessage 中选择"允许"的模板 id（每个 id 计一次发送机会）。</param>
public sealed record SubscriptionsRequest(IReadOnlyList<string>? TemplateIds) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() =>
        TemplateIds is null or { Count: 0 } ? [new FieldError("templateIds", "templateIds 为必填项。")] : [];
}

/// <param name="Count">剩余可发送次数。</param>
public sealed record SubscribeCreditResponse(string TemplateId, int Count);

/// <param name="Code">手机号快速验证组件（getPhoneNumber）返回的 code。</param>
public sealed record BindPhoneRequest(string? Code) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Code, "code", "code"));
}

/// <param name="Phone">微信验证过的手机号（本人可见完整号码，他人看到的是脱敏号码）。</param>
public sealed record BindPhoneResponse(string Phone, DateTimeOffset VerifiedAt);

/// <summary>A WeChat delivery as admins see it.</summary>
/// <param name="Status">pending（等待发送或重试）、sending、sent、failed（微信拒绝或重试用尽）、skipped（无模板、无 openid 或无发送次数，仅站内）。</param>
/// <param name="LastError">最近一次失败或跳过的原因（如 43101、noCredit）。</param>
public sealed record DeliveryResponse(Guid Id, Guid NotificationId, NotificationKind Kind, Guid MemberId, string Channel,
    DeliveryStatus Status, int Attempts, DateTimeOffset NextAttemptAt, string? TemplateId, string? LastError, DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt)
{
    public static DeliveryResponse Of(DeliveryRow d) => new(d.Id, d.NotificationId, d.Kind, d.MemberId, d.Channel, d.Status, d.Attempts,
        d.NextAttemptAt, d.TemplateId, d.LastError, d.CreatedAt, d.SentAt);
}
