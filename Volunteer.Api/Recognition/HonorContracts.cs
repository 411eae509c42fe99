using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Http;
using Volunteer.Domain.Recognition;
using Volunteer.Infrastructure.Recognition;

namespace Volunteer.Api.Recognition;

/// <summary>An honour (表彰) of a month.</summary>
/// <param name="Period">月份，yyyy-MM。</param>
/// <param name="Kind">serviceStar 月度服务之星、outstandingPartyMember 优秀党员。</param>
/// <param name="Title">称号。</param>
/// <param name="Rank">当月社区积分榜名次（并列者名次相同）。</param>
/// <param name="Points">当月在该社区获得的积分。</param>
/// <param name="BonusPoints">随表彰发放的奖励积分（记入积分台账，类型 bonus）。</param>
/// <param name="MemberName">姓名：本社区工作人员和本街道管理员可见全名，其他人看到脱敏姓名，本人除外。</param>
/// <param name="IsMe">是否为当前登录的居民本人。</param>
public sealed record HonorResponse(Guid Id, string Period, Guid CommunityId, string CommunityName, HonorKind Kind, string Title,
    int Rank, int Points, int BonusPoints, string MemberName, bool IsMe, DateTimeOffset CreatedAt);

/// <param name="Enabled">是否开展月度表彰。</param>
/// <param name="TopN">表彰名额：社区积分榜前 N 名（1–100），并列者一并表彰。</param>
/// <param name="BonusPoints">每项表彰的奖励积分（0–1000，0 为不奖励）。</param>
/// <param name="PartyMemberHonors">是否同时按党员榜评选“优秀党员”。</param>
/// <param name="IsDefault">尚未设置，使用默认值（前 3 名，不奖励积分，评选优秀党员）。</param>
public sealed record HonorSettingsResponse(Guid CommunityId, bool Enabled, int TopN, int BonusPoints, bool PartyMemberHonors, bool IsDefault,
    DateTimeOffset? UpdatedAt)
{
    public static HonorSettingsResponse Of(HonorSettings s, bool isDefault) =>
        new(s.CommunityId, s.Enabled, s.TopN, s.BonusPoints, s.PartyMemberHonors, isDefault, isDefault ? null : s.UpdatedAt);
}

/// <summary>A community's recognition settings; they apply to months recognised after the change.</summary>
/// <param name="Enabled">是否开展月度表彰。</param>
/// <param name="TopN">表彰名额（1–100）。</param>
/// <param name="BonusPoints">每项表彰的奖励积分（0–1000）。</param>
/// <param name="PartyMemberHonors">是否评选“优秀党员”。</param>
public sealed record HonorSettingsRequest(bool? Enabled, int? TopN, int? BonusPoints, bool? PartyMemberHonors) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(Enabled, "enabled", "是否开展表彰"),
        Require.Present(TopN, "topN", "表彰名额"),
        Require.Present(BonusPoints, "bonusPoints", "奖励积分"),
        Require.Present(PartyMemberHonors, "partyMemberHonors", "是否评选优秀党员"));
}

/// <summary>A title the street honours people or households with (表彰称号).</summary>
/// <param name="Name">称号名称，如 五星级文明户、雄关好人、道德模范。</param>
/// <param name="Subject">表彰对象：person 个人、household 家庭（户）。</param>
/// <param name="Cadence">评选周期：yearly 每年（同一对象每年一次）、monthly 每月、oneOff 一次性（同一对象仅一次）。</param>
/// <param name="BonusPoints">审批通过时发放的奖励积分（0–1000，只发一次；家庭称号发给户主）。</param>
/// <param name="IsActive">是否在用；停用的称号不再接受提名，已公布的表彰保留。</param>
public sealed record HonorTitleResponse(Guid Id, Guid StreetId, string Name, string? Description, HonorSubject Subject, HonorCadence Cadence,
    int BonusPoints, bool IsActive, DateTimeOffset CreatedAt, DateTimeOffset? RetiredAt)
{
    public static HonorTitleResponse Of(HonorTitle t) =>
        new(t.Id, t.StreetId, t.Name, t.Description, t.Subject, t.Cadence, t.BonusPoints, t.IsActive, t.CreatedAt, t.RetiredAt);
}

/// <param name="Name">称号名称（最多 32 字，本街道内不重复）。</param>
/// <param name="Description">评选标准说明（最多 500 字）。</param>
/// <param name="Subject">表彰对象：person 或 household。</param>
/// <param name="Cadence">评选周期：yearly、monthly 或 oneOff。</param>
/// <param name="BonusPoints">奖励积分（0–1000，缺省 0）。</param>
/// <param name="StreetId">平台管理员须指定街道；街道管理员缺省为本街道。</param>
public sealed record DefineHonorTitleRequest(string? Name, string? Description, HonorSubject? Subject, HonorCadence? Cadence, int? BonusPoints,
    Guid? StreetId) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(Name, "name", "称号名称"),
        Require.Present(Subject, "subject", "表彰对象"),
        Require.Present(Cadence, "cadence", "评选周期"));
}

/// <summary>A nomination (表彰提名) as staff and the street admin see it.</summary>
/// <param name="Period">评选期间：年度为 yyyy，月度为 yyyy-MM，一次性称号为 null。</param>
/// <param name="SubjectName">被推荐的居民姓名或家庭名称。</param>
/// <param name="Status">pending 待审批、approved 已通过（已公布）、rejected 未通过。</param>
/// <param name="BonusPoints">审批通过时发放的奖励积分（未通过或不奖励为 0）。</param>
/// <param name="BonusMemberId">领取奖励积分的居民（家庭称号为户主）。</param>
public sealed record NominationResponse(Guid Id, Guid TitleId, string TitleName, HonorSubject Subject, HonorCadence Cadence, string? Period,
    Guid CommunityId, string CommunityName, Guid? MemberId, Guid? HouseholdId, string SubjectName, string Reason, NominationStatus Status,
    DateTimeOffset NominatedAt, DateTimeOffset? DecidedAt, string? RejectionReason, int BonusPoints, Guid? BonusMemberId)
{
    public static NominationResponse Of(NominationRow row)
    {
        var n = row.Nomination;
        return new(n.Id, n.TitleId, row.TitleName, n.Subject, n.Cadence, n.HonorPeriod.Text, n.CommunityId, row.CommunityName, n.MemberId,
            n.HouseholdId, row.SubjectName, n.Reason, n.Status, n.NominatedAt, n.DecidedAt, n.RejectionReason, n.BonusPoints, n.BonusMemberId);
    }
}

/// <param name="TitleId">表彰称号。</param>
/// <param name="MemberId">被推荐的本社区居民（个人称号）。</param>
/// <param name="HouseholdId">被推荐的本社区家庭（家庭称号）。</param>
/// <param name="Period">评选期间：年度 yyyy、月度 yyyy-MM（缺省为当前年度或月份）；一次性称号不填。</param>
/// <param name="Reason">推荐理由（事迹），最多 500 字。</param>
public sealed record NominateRequest(Guid? TitleId, Guid? MemberId, Guid? HouseholdId, string? Period, string? Reason) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(TitleId, "titleId", "表彰称号"),
        Require.Present(Reason, "reason", "推荐理由"));
}

/// <param name="Reason">不通过原因（社区工作人员可见）。</param>
public sealed record RejectNominationRequest(string? Reason) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Reason, "reason", "不通过原因"));
}

/// <summary>A published honour on the roll (表彰榜): an approved nomination.</summary>
/// <param name="Period">评选期间：年度 yyyy、月度 yyyy-MM，一次性称号为 null。</param>
/// <param name="SubjectName">获评的居民或家庭：本社区工作人员、本街道管理员和本人（本户）可见全名，其他人看到脱敏名称。</param>
/// <param name="Reason">事迹（推荐理由）。</param>
/// <param name="BonusPoints">随表彰发放的奖励积分（记入积分台账，类型 bonus）。</param>
/// <param name="IsMine">是否为当前登录居民本人或本户。</param>
/// <param name="PublishedAt">审批通过（公布）的时间。</param>
public sealed record HonorAwardResponse(Guid Id, Guid TitleId, string TitleName, HonorSubject Subject, HonorCadence Cadence, string? Period,
    Guid CommunityId, string CommunityName, string SubjectName, string Reason, int BonusPoints, bool IsMine, DateTimeOffset PublishedAt)
{
    public static HonorAwardResponse Of(AwardRow row)
    {
        var n = row.Nomination;
        return new(n.Id, n.TitleId, row.TitleName, n.Subject, n.Cadence, n.HonorPeriod.Text, n.CommunityId, row.CommunityName, row.SubjectName,
            n.Reason, n.BonusPoints, row.IsMine, n.DecidedAt!.Value);
    }
}
