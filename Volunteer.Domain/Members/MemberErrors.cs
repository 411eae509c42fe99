using Volunteer.Domain.Common;

namespace Volunteer.Domain.Members;

/// <summary>The members feature's refusals: each code with its one message.</summary>
public static class MemberErrors
{
    public static DomainException NotFound() => DomainException.NotFound("member.notFound", "居民不存在。");

    public static DomainException NoCommunity() => DomainException.Conflict("member.noCommunity", "请先在“我的资料”中设置所属社区。");

    public static DomainException Erased() => DomainException.Conflict("member.erased", "该居民的个人信息已删除。");

    /// <summary>Staff asked to release content that is not held for review.</summary>
    public static DomainException NothingHeld() => DomainException.Conflict("content.nothingHeld", "没有待复核的内容。");
}
