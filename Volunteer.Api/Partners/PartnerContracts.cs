using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Partners;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Partners;

namespace Volunteer.Api.Partners;

/// <param name="Badge">partyMemberModelShop 党员示范店、branchRecommendedShop 支部推荐放心店。</param>
/// <param name="Label">称号的中文名称。</param>
public sealed record BadgeResponse(BadgeKind Badge, string Label)
{
    public static IReadOnlyList<BadgeResponse> Of(Partner p) => p.CurrentBadges.Select(b => new BadgeResponse(b, PartnerBadge.Label(b))).ToList();
}

/// <summary>A partner organisation as residents and staff see it.</summary>
/// <param name="Kind">unit 共建单位、merchant 商家、supermarket 积分超市。</param>
/// <param name="Badges">当前持有的称号。</param>
public sealed record PartnerResponse(Guid Id, Guid StreetId, string Name, PartnerKind Kind, string? Contact, string? Address,
    IReadOnlyList<BadgeResponse> Badges)
{
    public static PartnerResponse Of(Partner p) => new(p.Id, p.StreetId, p.Name, p.Kind, p.Contact, p.Address, BadgeResponse.Of(p));
}

/// <summary>共建协议: the partner serves the community from startsOn to endsOn (inclusive, China dates).</summary>
/// <param name="InForce">今天是否在协议有效期内（未终止）。</param>
/// <param name="TerminatedAt">提前终止的时间（未终止为 null）。</param>
public sealed record AgreementResponse(Guid Id, Guid PartnerId, Guid CommunityId, string CommunityName, DateOnly StartsOn, DateOnly EndsOn,
    bool InForce, DateTimeOffset? TerminatedAt, Guid? TerminatedByAccountId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static AgreementResponse Of(CoBuildingAgreement a, string communityName, DateOnly today) =>
        new(a.Id, a.PartnerId, a.CommunityId, communityName, a.StartsOn, a.EndsOn, a.InForceOn(today), a.TerminatedAt,
            a.TerminatedByAccountId, a.CreatedAt, a.UpdatedAt);
}

/// <summary>One grant of a badge, with its revocation if any.</summary>
public sealed record BadgeGrantResponse(BadgeKind Badge, string Label, DateTimeOffset GrantedAt, Guid GrantedByAccountId,
    DateTimeOffset? RevokedAt, Guid? RevokedByAccountId)
{
    public static BadgeGrantResponse Of(PartnerBadge b) =>
        new(b.Badge, PartnerBadge.Label(b.Badge), b.GrantedAt, b.GrantedByAccountId, b.RevokedAt, b.RevokedByAccountId);
}

/// <summary>A partner with its agreements, badge history and staff accounts, for admins.</summary>
public sealed record PartnerDetailResponse(PartnerResponse Partner, IReadOnlyList<AgreementResponse> Agreements,
    IReadOnlyList<BadgeGrantResponse> BadgeHistory, IReadOnlyList<PartnerStaffResponse> Staff);

public sealed record PartnerStaffResponse(Guid Id, string Username, string DisplayName, bool IsDisabled);

/// <summary>A partner organisation to register or update.</summary>
/// <param name="Kind">unit 共建单位、merchant 商家、supermarket 积分超市。</param>
/// <param name="StreetId">所属街道：平台管理员必填；街道管理员默认本街道。</param>
public sealed record PartnerRequest(string? Name, PartnerKind? Kind, string? Contact, string? Address, Guid? StreetId) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(Name, "name", "单位名称"),
        Require.Present(Kind, "kind", "单位类型"));
}

/// <summary>An edit of a partner organisation: only the fields the body names change; contact and address sent as null are cleared.</summary>
public sealed class PartnerChangeRequest : PartialRequest, IValidatableRequest
{
    private string? _name;
    private PartnerKind? _kind;
    private string? _contact;
    private string? _address;

    /// <summary>单位名称（不能清空）。</summary>
    public string? Name { get => _name; set => _name = Sent(value); }

    /// <summary>unit 共建单位、merchant 商家、supermarket 积分超市（不能清空）。</summary>
    public PartnerKind? Kind { get => _kind; set => _kind = Sent(value); }

    /// <summary>联系方式；null 清除。</summary>
    public string? Contact { get => _contact; set => _contact = Sent(value); }

    /// <summary>地址；null 清除。</summary>
    public string? Address { get => _address; set => _address = Sent(value); }

    public PartnerChange ToChange() => new(Field(Name, nameof(Name)), Field(Kind, nameof(Kind)),
        Field(Contact, nameof(Contact)), Field(Address, nameof(Address)));

    public IEnumerable<FieldError> Validate() => Require.All(
        NotCleared(Name, nameof(Name), "name", "单位名称"),
        NotCleared(Kind, nameof(Kind), "kind", "单位类型"));
}

/// <param name="StartsOn">协议开始日期（yyyy-MM-dd，含当天）。</param>
/// <param name="EndsOn">协议结束日期（含当天），不早于今天，期限不超过 10 年。</param>
public sealed record AgreementRequest(DateOnly? StartsOn, DateOnly? EndsOn) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(StartsOn, "startsOn", "协议开始日期"),
        Require.Present(EndsOn, "endsOn", "协议结束日期"));
}

/// <param name="Badge">partyMemberModelShop 党员示范店 或 branchRecommendedShop 支部推荐放心店。</param>
public sealed record BadgeRequest(BadgeKind? Badge) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Badge, "badge", "称号"));
}

/// <param name="EndsOn">共建协议结束日期。</param>
public sealed record ServedCommunity(Guid CommunityId, string Name, DateOnly EndsOn);

/// <param name="Communities">当前服务的社区（共建协议有效期内）。</param>
public sealed record PublicPartnerResponse(PartnerResponse Partner, IReadOnlyList<ServedCommunity> Communities);
