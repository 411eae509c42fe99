using Volunteer.Domain.Common;

namespace Volunteer.Domain.Households;

/// <summary>The households feature's refusals (住户、党员中心户): each code with its one message.</summary>
public static class HouseholdErrors
{
    public static DomainException NotFound() => DomainException.NotFound("household.notFound", "住户不存在，或不属于您管理的社区。");

    public static DomainException MemberNotFound() => DomainException.NotFound("household.memberNotFound", "该居民不是本户成员。");

    public static DomainException CentralHouseholdNotFound() =>
        DomainException.NotFound("centralHousehold.notFound", "党员中心户不存在，或不属于您管理的社区。");
}
