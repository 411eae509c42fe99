using Volunteer.Api.Http;
using Volunteer.Domain.Tasks;

namespace Volunteer.Api.Tasks;

/// <summary>A task to publish (社区发单).</summary>
/// <param name="Title">标题，最多 100 字。</param>
/// <param name="Description">说明，最多 2000 字。</param>
/// <param name="Category">类别。</param>
/// <param name="Slots">名额，1–1000。</param>
/// <param name="Points">完成并核验后获得的积分，0–1000。</param>
/// <param name="StartsAt">开始时间（ISO 8601，带时区）。</param>
/// <param name="EndsAt">结束时间，须晚于开始时间与当前时间，时长不超过 90 天。</param>
/// <param name="Address">服务地点。</param>
/// <param name="PartyMembersOnly">党员先锋岗：仅限经确认的党员认领。</param>
/// <param name="GridId">所属网格（可选，须属于该社区）。</param>
/// <param name="CommunityId">发布到的社区：街道管理员必填；社区工作人员默认本社区。</param>
/// <param name="Latitude">服务地点纬度（WGS-84，-90–90），与 longitude 同时填写后志愿者可定位签到。</param>
/// <param name="Longitude">服务地点经度（WGS-84，-180–180）。</param>
public sealed record PublishTaskRequest(
    string? Title,
    string? Description,
    TaskCategory? Category,
    int? Slots,
    int? Points,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    string? Address,
    bool? PartyMembersOnly,
    Guid? GridId,
    Guid? CommunityId,
    double? Latitude = null,
    double? Longitude = null) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(Title, "title", "任务标题"),
        Require.Present(Category, "category", "任务类别"),
        Require.Present(Slots, "slots", "名额"),
        Require.Present(Points, "points", "积分"),
        Require.Present(StartsAt, "startsAt", "开始时间"),
        Require.Present(EndsAt, "endsAt", "结束时间"));

    public TaskTerms ToTerms() => new(Title!, Description, Category!.Value, Slots!.Value, Points!.Value,
        StartsAt!.Value, EndsAt!.Value, Address, PartyMembersOnly ?? false, GridId, GeoPoint.Optional(Latitude, Longitude));
}

/// <param name="Reason">取消原因，认领人可见。</param>
public sealed record CancelTaskRequest(string? Reason) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Reason, "reason", "取消原因"));
}

/// <summary>A task as a caller sees it.</summary>
/// <param name="Address">服务地点；困难群众的地址仅对本社区工作人员、服务对象和认领成功者可见，其他人为 null。</param>
/// <param name="AddressHidden">地址是否因隐私保护而隐藏。</param>
/// <param name="Remaining">剩余名额。</param>
/// <param name="MyClaim">调用者对该任务的有效认领（如有）。</param>
/// <param name="Latitude">服务地点纬度（可定位签到时）；与地址一样，对无权查看地址者为 null。</param>
/// <param name="Longitude">服务地点经度。</param>
public sealed record TaskResponse(
    Guid Id,
    Guid CommunityId,
    Guid? GridId,
    Guid? NeedId,
    string Title,
    string? Description,
    TaskCategory Category,
    string? Address,
    bool AddressHidden,
    int Slots,
    int Taken,
    int Remaining,
    int Points,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    bool PartyMembersOnly,
    ServiceTaskStatus Status,
    string? CancelReason,
    DateTimeOffset CreatedAt,
    MyClaimResponse? MyClaim,
    double? Latitude,
    double? Longitude);

public sealed record MyClaimResponse(Guid Id, ClaimStatus Status);

/// <summary>A short-lived code proving presence at the task; show it as a QR code.</summary>
/// <param name="Code">6 位数字签到码。</param>
/// <param name="ExpiresAt">过期时间；之后请重新获取。</param>
public sealed record CheckInCodeResponse(string Code, DateTimeOffset ExpiresAt);

public sealed record CreatedId(Guid Id);
