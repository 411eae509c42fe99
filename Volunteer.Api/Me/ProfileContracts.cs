using System.Text.Json.Serialization;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;

namespace Volunteer.Api.Me;

/// <summary>The signed-in person: a resident, or a staff / partner / admin account.</summary>
/// <param name="Role">resident、communityStaff、gridWorker（网格员）、partnerStaff 或 streetAdmin。</param>
/// <param name="Username">账号用户名（居民为 null）。</param>
/// <param name="Phone">手机号（本人可见完整号码）。</param>
/// <param name="CommunityId">所属社区（居民的居住社区；工作人员的任职社区）。</param>
/// <param name="Party">党员身份申报；未申报为 null。</param>
/// <param name="NoShowCount">爽约次数（居民）：认领后未签到、任务已结束的次数；工作人员账号为 null。</param>
/// <param name="UnreadNotifications">未读消息数（站内信）。</param>
/// <param name="PhoneVerified">手机号是否经微信验证（getPhoneNumber）。</param>
/// <param name="PendingName">提交后待人工复核的新姓名；复核通过前他人仍看到原姓名。</param>
/// <param name="Household">我所在的户（居民）：门牌、是否户主、人数与户积分；未加入任何户或工作人员账号为 null。</param>
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
    string? PendingName = null,
    MyHouseholdResponse? Household = null)
{
    public static ProfileResponse Of(Member m) => new(m.Id, ActorRole.Resident, m.Name, null, m.Phone, m.CommunityId, m.GridId,
        null, null, PartyResponse.Of(m), m.NoShowCount, 0, m.PhoneVerifiedAt is not null, m.PendingName);

    public static ProfileResponse Of(Account a) => new(a.Id, a.Role, a.DisplayName, a.Username, null, a.CommunityId, a.GridId,
        a.PartnerId, a.StreetId, null, null);
}

/// <summary>The resident's own household: no other member's name or points.</summary>
/// <param name="AddressUnit">门牌（楼栋/单元/房号）。</param>
/// <param name="IsHead">我是否户主。</param>
/// <param name="MemberCount">本户人数。</param>
/// <param name="Points">户积分：本户成员积分之和。</param>
public sealed record MyHouseholdResponse(Guid Id, Guid CommunityId, string AddressUnit, bool IsHead, int MemberCount,
    Households.HouseholdPointsResponse Points)
{
    public static MyHouseholdResponse? Of(Infrastructure.Households.OwnHousehold? h) => h is null ? null
        : new(h.Id, h.CommunityId, h.AddressUnit, h.IsHead, h.MemberCount, Households.HouseholdPointsResponse.Of(h.Points));
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

/// <summary>
/// Changes the resident's profile: only the fields the body names. A field left out stays as it is;
/// <c>phone</c>, <c>communityId</c> and <c>gridId</c> sent as <c>null</c> are cleared. <c>party</c>
/// declares party membership (the same data again keeps a confirmation; changed data waits for staff
/// again); <c>party: null</c> withdraws a declaration not yet confirmed. A confirmed membership is never
/// changed by anything else.
/// </summary>
public sealed class UpdateProfileRequest : PartialRequest, IValidatableRequest
{
    private string? _name;
    private string? _phone;
    private Guid? _communityId;
    private Guid? _gridId;
    private PartyRequest? _party;

    /// <summary>姓名（不能清空）。</summary>
    public string? Name { get => _name; set => _name = Sent(value); }

    /// <summary>11 位手机号，对他人脱敏显示；null 清除。</summary>
    public string? Phone { get => _phone; set => _phone = Sent(value); }

    /// <summary>居住社区；null 清除（网格随之清除）。更换社区时未同时给出 gridId 的，原网格清除。党员身份不受影响。</summary>
    public Guid? CommunityId { get => _communityId; set => _communityId = Sent(value); }

    /// <summary>所属网格，须属于（新的）居住社区；null 清除。</summary>
    public Guid? GridId { get => _gridId; set => _gridId = Sent(value); }

    /// <summary>党员身份申报，须经社区工作人员确认后生效；null 撤回尚未确认的申报。</summary>
    public PartyRequest? Party { get => _party; set => _party = Sent(value); }

    [JsonIgnore] public Optional<string?> NameChange => Field(Name, nameof(Name));
    [JsonIgnore] public Optional<string?> PhoneChange => Field(Phone, nameof(Phone));
    [JsonIgnore] public Optional<Guid?> CommunityChange => Field(CommunityId, nameof(CommunityId));
    [JsonIgnore] public Optional<Guid?> GridChange => Field(GridId, nameof(GridId));
    [JsonIgnore] public Optional<PartyRequest?> PartyChange => Field(Party, nameof(Party));

    public IEnumerable<FieldError> Validate() => Require.All(
        NotCleared(Name, nameof(Name), "name", "姓名"),
        Party is null ? null : Require.Present(Party.Branch, "party.branch", "所在党支部"));
}
