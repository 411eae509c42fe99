using System.Text;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;

namespace Volunteer.Domain.Households;

/// <summary>
/// 户: the residents living at one address unit (building, unit, room) of a community, with a head of
/// household (户主) who is one of them. A member belongs to at most one household: the link is
/// <see cref="Member.HouseholdId"/>, changed only through <see cref="AddMember"/> and <see cref="RemoveMember"/>.
/// Household points are not stored here: they are the members' points, summed when read.
/// </summary>
public sealed class Household
{
    public const int MaxAddressUnitLength = 100;

    private Household() { }

    public Guid Id { get; private set; }
    public Guid CommunityId { get; private set; }
    /// <summary>门牌, e.g. "3栋2单元301"; unique within the community (whitespace is normalised).</summary>
    public string AddressUnit { get; private set; } = "";
    /// <summary>户主: a member of this household, or null while none is named.</summary>
    public Guid? HeadMemberId { get; private set; }
    /// <summary>楼栋: the building the household lives in, which places it (and its members) in a grid; null until staff place it.</summary>
    public Guid? BuildingId { get; private set; }
    /// <summary>The 党员中心户 that looks after this household, in the same grid; null when none does.</summary>
    public Guid? CentralHouseholdId { get; private set; }
    public Guid CreatedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>
    /// Optimistic concurrency. Every change of membership moves it, so that two staff changing one
    /// household at once (removing a member while another names them head) cannot both succeed.
    /// </summary>
    public int Version { get; private set; }

    public static Household Create(Community community, string addressUnit, Guid staffAccountId, DateTimeOffset now)
    {
        var household = new Household
        {
            Id = Ids.NewV7(now),
            CommunityId = community.Id,
            CreatedBy = staffAccountId,
            CreatedAt = now,
        };
        household.Readdress(addressUnit);
        return household;
    }

    /// <summary>Changes the address unit (门牌变更); uniqueness in the community is kept by the database.</summary>
    public void Readdress(string addressUnit) => AddressUnit = NormaliseAddressUnit(addressUnit);

    /// <summary>Trims and collapses runs of whitespace, so "3栋 2单元  301" and "3栋 2单元 301" are one address.</summary>
    public static string NormaliseAddressUnit(string? addressUnit)
    {
        var text = Guard.Text(addressUnit, "addressUnit", "门牌（楼栋/单元/房号）", MaxAddressUnitLength * 2);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (builder[^1] != ' ')
                    builder.Append(' ');
            }
            else
                builder.Append(c);
        }
        return Guard.Text(builder.ToString(), "addressUnit", "门牌（楼栋/单元/房号）", MaxAddressUnitLength);
    }

    /// <summary>
    /// Places the household in a building of its community (null: not placed). A move to another grid ends the care
    /// of a 党员中心户, which looks after households of its own grid only.
    /// </summary>
    public void PlaceIn(Building? building, Guid? previousGridId)
    {
        if (building is not null && building.CommunityId != CommunityId)
            throw DomainException.Invalid("buildingId", "楼栋不属于该户所在社区。");
        if (building?.GridId != previousGridId)
            CentralHouseholdId = null;
        BuildingId = building?.Id;
    }

    /// <summary>
    /// Puts the household in the care of a 党员中心户 of the same grid (<paramref name="centralGridId"/>), or out of
    /// any care (null). <paramref name="ownGridId"/> is the grid of this household's building.
    /// </summary>
    public void PutInCareOf(CentralHousehold? central, Guid? centralGridId, Guid? ownGridId)
    {
        if (central is not null)
        {
            if (central.HouseholdId == Id)
                throw DomainException.Invalid("householdIds", "党员中心户不联系自己这一户。");
            if (ownGridId is null || ownGridId != centralGridId)
                throw DomainException.Invalid("householdIds", $"住户 {AddressUnit} 不在党员中心户所在网格的楼栋中。");
        }
        CentralHouseholdId = central?.Id;
    }

    /// <summary>Takes a resident of the same community into the household; adding a current member again changes nothing.</summary>
    public void AddMember(Member member)
    {
        if (member.HouseholdId == Id)
            return;
        if (member.IsErased)
            throw DomainException.Conflict("household.memberErased", "该居民的个人信息已删除，不能加入住户。");
        if (member.CommunityId != CommunityId)
            throw DomainException.Invalid("memberId", "该居民不属于本户所在社区。");
        if (member.HouseholdId is not null)
            throw DomainException.Conflict("household.memberInOtherHousehold", "该居民已属于其他住户，请先将其从原住户移出。");
        member.JoinHousehold(Id);
        Version++;
    }

    /// <summary>Takes a member out; when they were the head, the household has no head until one is named.</summary>
    public void RemoveMember(Member member)
    {
        if (member.HouseholdId != Id)
            throw HouseholdErrors.MemberNotFound();
        if (HeadMemberId == member.Id)
            HeadMemberId = null;
        member.LeaveHousehold();
        Version++;
    }

    /// <summary>Names the head of household (户主), who must already be a member of it.</summary>
    public void SetHead(Member member)
    {
        if (member.HouseholdId != Id)
            throw DomainException.Invalid("headMemberId", "户主必须是本户成员。");
        if (HeadMemberId == member.Id)
            return;
        HeadMemberId = member.Id;
        Version++;
    }
}
