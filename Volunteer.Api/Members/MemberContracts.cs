using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Api.Me;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;

namespace Volunteer.Api.Members;

/// <summary>A resident as staff of their community see them.</summary>
/// <param name="Circumstances">困难情况：lowIncome 低保、disabled 残疾、livingAlone 独居、elderly 高龄。</param>
/// <param name="RegisteredByStaff">是否由工作人员代为登记（无智能手机）。</param>
/// <param name="NoShowCount">爽约次数：认领后未签到、任务已结束的次数。</param>
/// <param name="HouseholdId">所在住户（户）；未加入为 null。</param>
public sealed record MemberResponse(Guid Id, string Name, string? Phone, Guid? CommunityId, Guid? GridId, PartyResponse? Party,
    IReadOnlyList<string> Circumstances, bool RegisteredByStaff, int NoShowCount, DateTimeOffset CreatedAt, Guid? HouseholdId = null)
{
    public static MemberResponse Of(Member m) => new(m.Id, m.Name, m.Phone, m.CommunityId, m.GridId, PartyResponse.Of(m),
        CircumstanceNames.Of(m.Circumstances), m.RegisteredByAccountId is not null, m.NoShowCount, m.CreatedAt, m.HouseholdId);
}

public static class CircumstanceNames
{
    private static readonly Dictionary<string, Circumstances> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lowIncome"] = Volunteer.Domain.Members.Circumstances.LowIncome,
        ["disabled"] = Volunteer.Domain.Members.Circumstances.Disabled,
        ["livingAlone"] = Volunteer.Domain.Members.Circumstances.LivingAlone,
        ["elderly"] = Volunteer.Domain.Members.Circumstances.Elderly,
    };

    public static IReadOnlyList<string> Of(Circumstances value) =>
        ByName.Where(p => value.HasFlag(p.Value)).Select(p => p.Key).ToList();

    public static Circumstances Parse(IEnumerable<string>? names)
    {
        var result = Volunteer.Domain.Members.Circumstances.None;
        foreach (var name in names ?? [])
            result |= ByName.TryGetValue(name, out var flag) ? flag
                : throw DomainException.Invalid("circumstances", $"未知的困难情况：{name}（可选 lowIncome、disabled、livingAlone、elderly）。");
        return result;
    }
}

/// <summary>Registers a resident without a smartphone (代下单的服务对象).</summary>
/// <param name="CommunityId">所属社区：街道管理员必填；社区工作人员默认本社区。</param>
/// <param name="Circumstances">困难情况，见 MemberResponse。</param>
public sealed record RegisterMemberRequest(string? Name, string? Phone, Guid? CommunityId, Guid? GridId, IReadOnlyList<string>? Circumstances)
    : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Name, "name", "姓名"));
}

public sealed record SetCircumstancesRequest(IReadOnlyList<string>? Circumstances) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate()
    {
        if (Circumstances is null)
            yield return new FieldError("circumstances", "circumstances 为必填项（无困难情况时传空数组）。");
    }
}

public sealed record ReviewPartyRequest(string? Reason);
