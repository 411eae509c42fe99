using Volunteer.Domain.Common;

namespace Volunteer.Domain.Needs;

/// <summary>The needs feature's refusals: each code with its one message.</summary>
public static class NeedErrors
{
    public static DomainException ReviewByStaffOnly() => DomainException.Forbidden("need.review", "只有该社区的工作人员可以审核需求。");
}
