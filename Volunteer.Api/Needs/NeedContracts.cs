using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Api.Tasks;
using Volunteer.Domain.Common;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Satisfaction;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Needs;

namespace Volunteer.Api.Needs;

/// <summary>A need to post (居民下单).</summary>
/// <param name="Title">需求标题，最多 100 字。</param>
/// <param name="Description">具体情况，最多 2000 字。</param>
/// <param name="Category">类别。</param>
/// <param name="Address">服务地址。</param>
/// <param name="PreferredStartsAt">期望开始时间。</param>
/// <param name="PreferredEndsAt">期望结束时间。</param>
/// <param name="OnBehalfOfMemberId">代下单：社区工作人员为无智能手机的居民提交时填写该居民 id。</param>
public sealed record PostNeedRequest(
    string? Title,
    string? Description,
    TaskCategory? Category,
    string? Address,
    DateTimeOffset? PreferredStartsAt,
    DateTimeOffset? PreferredEndsAt,
    Guid? OnBehalfOfMemberId) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(Title, "title", "需求标题"),
        Require.Present(Category, "category", "需求类别"));
}

/// <summary>Terms of the task a need becomes (社区发单). Title, description and address default to the need's.</summary>
/// <param name="Latitude">服务地点纬度（WGS-84），与 longitude 同时填写后志愿者可定位签到。</param>
/// <param name="Longitude">服务地点经度（WGS-84）。</param>
public sealed record ApproveNeedRequest(
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
    double? Latitude = null,
    double? Longitude = null) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(Slots, "slots", "名额"),
        Require.Present(Points, "points", "积分"),
        Require.Present(StartsAt, "startsAt", "开始时间"),
        Require.Present(EndsAt, "endsAt", "结束时间"));
}

/// <param name="Reason">驳回原因，居民可见。</param>
public sealed record RejectNeedRequest(string? Reason) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Reason, "reason", "驳回原因"));
}

/// <summary>A need, as its requester and the community's staff see it.</summary>
/// <param name="PostedByStaff">是否由社区工作人员代下单。</param>
/// <param name="IsSensitive">服务对象为困难群众，地址仅本社区工作人员与认领成功者可见。</param>
/// <param name="ReviewReason">驳回原因。</param>
/// <param name="TaskId">审核通过后发布的任务。</param>
/// <param name="Satisfaction">满意度（服务完成后由居民本人评价，代下单的由社区工作人员代为记录）：satisfied 满意、basicallySatisfied 基本满意、dissatisfied 不满意；未评价为 null。</param>
/// <param name="SatisfactionComment">满意度评价的意见。</param>
/// <param name="SatisfactionRatedAt">评价时间。</param>
/// <param name="SatisfactionRecordedByStaff">是否由社区工作人员代为记录。</param>
public sealed record NeedResponse(
    Guid Id,
    Guid CommunityId,
    Guid? GridId,
    Guid RequesterId,
    string RequesterName,
    bool PostedByStaff,
    string Title,
    string? Description,
    TaskCategory Category,
    string? Address,
    DateTimeOffset? PreferredStartsAt,
    DateTimeOffset? PreferredEndsAt,
    bool IsSensitive,
    NeedStatus Status,
    string? ReviewReason,
    DateTimeOffset? ReviewedAt,
    Guid? TaskId,
    DateTimeOffset CreatedAt,
    SatisfactionLevel? Satisfaction,
    string? SatisfactionComment,
    DateTimeOffset? SatisfactionRatedAt,
    bool SatisfactionRecordedByStaff);

public sealed record ApprovedNeedResponse(NeedResponse Need, TaskResponse Task);
