using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;

namespace Volunteer.Api.Me;

/// <summary>The signed-in person: a resident, or a staff / partner / admin account.</summary>
/// <param name="Role">resident、communityStaff、partnerStaff 或 streetAdmin。</param>
/// <param name="Username">账号用户名（居民为 null）。</param>
/// <param name="Phone">手机号（本人可见完整号码）。</param>
/// <param name="CommunityId">所属社区（居民的居住社区；工作人员的任职社区）。</param>
/// <param name="Party">党员身份申报；未申报为 null。</param>
/// <param name="NoShowCount">爽约次数（居民）：认领后未签到、任务已结束的次数；工作人员账号为 null。</param>
/// <param name="UnreadNotifications">未读消息数（站内信）。</param>
/// <param name="PhoneVerified">手机号是否经微信验证（getPhoneNumber）。</param>
/// <param name="PendingName">提交后待人工复核的新姓名；复核通过前他人仍看到原姓名。</param>
public sealed record ProfileResponse(
    Guid Id,
    ActorRole Role,
    string Name,
    string? Username,
    string? Phone,
    Guid? CommunityId,
    Guid? GridId,
    Guid? PartnerId,
    Guid? StreetId,
    PartyResponse? Party,
    int? NoShowCount,
    int UnreadNotifications = 0,
    bool PhoneVerified = false,
    string? PendingName = null)
{
    public static ProfileResponse Of(Member m) => new(m.Id, ActorRole.Resident, m.Name, null, m.Phone, m.CommunityId, m.GridId,
        null, null, PartyResponse.Of(m), m.NoShowCount, 0, m.PhoneVerifiedAt is not null, m.PendingName);

    public static ProfileResponse Of(Account a) => new(a.Id, a.Role, a.DisplayName, a.Username, null, a.CommunityId, null,
        a.PartnerId, a.StreetId, null, null);
}

/// <param name="Status">none / pending（待社区确认）/ confirmed / rejected。</param>
/// <param name="WorkUnit">在职党员的工作单位（双报到）。</param>
/// <param name="InService">是否在职党员。</param>
/// <param name="ReviewNote">驳回原因。</param>
public sealed record PartyResponse(PartyStatus Status, string? Branch, string? WorkUnit, bool InService, string? ReviewNote)
{
    public static PartyResponse? Of(Member m) => m.PartyStatus == PartyStatus.None
        ? null
        : new PartyResponse(m.PartyStatus, m.PartyBranch, m.PartyWorkUnit, m.PartyInService, m.PartyReviewNote);
}

/// <param name="Branch">所在党支部。</param>
/// <param name="WorkUnit">工作单位（在职党员必填）。</param>
/// <param name="InService">是否在职党员（双报到）。</param>
public sealed record PartyRequest(string? Branch, string? WorkUnit, bool? InService);

/// <summary>Replaces the resident's profile. Omitting <c>party</c> withdraws a declared membership.</summary>
/// <param name="Name">姓名。</param>
/// <param name="Phone">11 位手机号，对他人脱敏显示。</param>
/// <param name="CommunityId">居住社区。更换社区后，党员身份须由新社区重新确认。</param>
/// <param name="GridId">所属网格，须属于该社区。</param>
/// <param name="Party">党员身份申报，须经社区工作人员确认后生效。</param>
public sealed record UpdateProfileRequest(string? Name, string? Phone, Guid? CommunityId, Guid? GridId, PartyRequest? Party)
    : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(Name, "name", "姓名"),
        Party is null ? null : Require.Present(Party.Branch, "party.branch", "所在党支部"));
}
