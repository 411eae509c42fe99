using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Recognition;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Rankings;
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
