using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Http;
using Volunteer.Domain.Households;
using Volunteer.Infrastructure.Households;

namespace Volunteer.Api.Households;

/// <summary>户的积分：成员积分之和（不单独存储）。</summary>
/// <param name="Balance">当前积分余额之和。</param>
/// <param name="EarnedThisMonth">本月（北京时间）通过服务核销和人工调整获得的积分之和，即排行榜计入的积分；不含兑换、退回和表彰奖励。</param>
/// <param name="EarnedThisYear">本年度（北京时间，1 月起）同口径获得的积分之和。</param>
public sealed record HouseholdPointsResponse(int Balance, int EarnedThisMonth, int EarnedThisYear)
{
    public static HouseholdPointsResponse Of(PointsFigures p) => new(p.Balance, p.EarnedThisMonth, p.EarnedThisYear);
}

/// <param name="IsHead">是否户主。</param>
/// <param name="IsPartyMember">是否已确认的党员。</param>
public sealed record HouseholdMemberResponse(Guid Id, string Name, bool IsHead, bool IsPartyMember, HouseholdPointsResponse Points)
{
    public static HouseholdMemberResponse Of(HouseholdMemberLine m) => new(m.Id, m.Name, m.IsHead, m.IsConfirmedPartyMember, HouseholdPointsResponse.Of(m.Points));
}

/// <summary>A household (户) as the staff who manage it see it.</summary>
/// <param name="AddressUnit">门牌（楼栋/单元/房号），社区内唯一。</param>
/// <param name="HeadMemberId">户主；尚未指定为 null。</param>
/// <param name="Points">户积分：成员积分之和。</param>
/// <param name="BuildingId">所在楼栋（由此属于某个网格）；尚未指定为 null。</param>
/// <param name="CentralHouseholdId">联系本户的党员中心户；没有为 null。</param>
public sealed record HouseholdResponse(Guid Id, Guid CommunityId, string AddressUnit, Guid? HeadMemberId,
    IReadOnlyList<HouseholdMemberResponse> Members, HouseholdPointsResponse Points, DateTimeOffset CreatedAt, Guid? BuildingId,
    Guid? CentralHouseholdId)
{
    public static HouseholdResponse Of(HouseholdDetail d) => new(d.Household.Id, d.Household.CommunityId, d.Household.AddressUnit,
        d.Household.HeadMemberId, d.Members.Select(HouseholdMemberResponse.Of).ToList(), HouseholdPointsResponse.Of(d.Points), d.Household.CreatedAt,
        d.Household.BuildingId, d.Household.CentralHouseholdId);
}

/// <param name="HeadName">户主姓名；尚未指定为 null。</param>
/// <param name="MemberCount">成员人数。</param>
/// <param name="BuildingId">所在楼栋；尚未指定为 null。</param>
public sealed record HouseholdSummaryResponse(Guid Id, Guid CommunityId, string AddressUnit, Guid? HeadMemberId, string? HeadName,
    int MemberCount, DateTimeOffset CreatedAt, Guid? BuildingId)
{
    public static HouseholdSummaryResponse Of(HouseholdSummary h) =>
        new(h.Id, h.CommunityId, h.AddressUnit, h.HeadMemberId, h.HeadName, h.MemberCount, h.CreatedAt, h.BuildingId);
}

/// <param name="CommunityId">所在社区：街道管理员必填；社区工作人员默认本社区。</param>
/// <param name="AddressUnit">门牌（楼栋/单元/房号），如“3栋2单元301”；社区内唯一，多余空格会被合并。</param>
/// <param name="HeadMemberId">户主（可选）：本社区居民，同时加入本户。</param>
/// <param name="BuildingId">所在楼栋（可选），须属于本社区。</param>
public sealed record CreateHouseholdRequest(Guid? CommunityId, string? AddressUnit, Guid? HeadMemberId, Guid? BuildingId = null) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(AddressUnit, "addressUnit", "门牌"));
}

/// <summary>A change of a household: the fields given change, the others stay.</summary>
/// <param name="AddressUnit">新门牌；不传则不变。</param>
/// <param name="HeadMemberId">新户主，须是本户成员；不传则不变。</param>
/// <param name="BuildingId">所在楼栋，须属于本社区；不传则不变。党员中心户迁往其他网格的楼栋前须先撤销（409）。</param>
public sealed record UpdateHouseholdRequest(string? AddressUnit, Guid? HeadMemberId, Guid? BuildingId = null) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate()
    {
        if (AddressUnit is not null && string.IsNullOrWhiteSpace(AddressUnit))
            yield return new FieldError("addressUnit", "门牌不能为空。");
    }
}

public sealed record HouseholdMemberRequest(Guid? MemberId) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(MemberId, "memberId", "居民"));
}

public sealed record BuildingResponse(Guid Id, Guid CommunityId, Guid GridId, string Name, DateTimeOffset CreatedAt)
{
    public static BuildingResponse Of(Building b) => new(b.Id, b.CommunityId, b.GridId, b.Name, b.CreatedAt);
}

/// <param name="LeaderMemberId">党小组长：已确认身份的本社区党员。</param>
public sealed record PartyGroupResponse(Guid Id, Guid BuildingId, string Name, Guid LeaderMemberId, DateTimeOffset CreatedAt)
{
    public static PartyGroupResponse Of(PartyGroup g) => new(g.Id, g.BuildingId, g.Name, g.LeaderMemberId, g.CreatedAt);
}

/// <param name="HouseholdId">党员中心户所在的户。</param>
/// <param name="PartyMemberId">担任中心户的党员（本户成员）。</param>
public sealed record CentralHouseholdResponse(Guid Id, Guid HouseholdId, Guid PartyMemberId, DateTimeOffset CreatedAt)
{
    public static CentralHouseholdResponse Of(CentralHousehold c) => new(c.Id, c.HouseholdId, c.PartyMemberId, c.CreatedAt);
}

/// <param name="Name">楼栋名称，如“3栋”；社区内唯一。</param>
public sealed record BuildingRequest(string? Name) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Name, "name", "楼栋名称"));
}

/// <summary>A change of a building: the fields given change, the others stay.</summary>
/// <param name="GridId">调整到本社区的另一个网格。</param>
public sealed record UpdateBuildingRequest(string? Name, Guid? GridId) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate()
    {
        if (Name is not null && string.IsNullOrWhiteSpace(Name))
            yield return new FieldError("name", "楼栋名称不能为空。");
    }
}

/// <param name="Name">党小组名称，如“3栋党小组”。</param>
/// <param name="LeaderMemberId">党小组长：已确认身份的本社区党员。</param>
public sealed record PartyGroupRequest(string? Name, Guid? LeaderMemberId) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(Name, "name", "党小组名称"),
        Require.Present(LeaderMemberId, "leaderMemberId", "党小组长"));
}

/// <param name="PartyMemberId">担任中心户的党员：本户成员，已确认党员身份。</param>
public sealed record CentralHouseholdRequest(Guid? PartyMemberId) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(PartyMemberId, "partyMemberId", "党员"));
}

/// <param name="HouseholdIds">党员中心户联系的全部住户（同一网格的楼栋中）；未列出的原联系户随之解除。</param>
public sealed record CaredHouseholdsRequest(IReadOnlyList<Guid>? HouseholdIds) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate()
    {
        if (HouseholdIds is null)
            yield return new FieldError("householdIds", "householdIds 为必填项（不联系任何住户时传空数组）。");
    }
}
