using Volunteer.Domain.Common;

namespace Volunteer.Domain.Satisfaction;

/// <summary>The satisfaction feature's refusals (需求满意度、满意度调查): each code with its one message.</summary>
public static class SatisfactionErrors
{
    public static DomainException RequesterOnly() =>
        DomainException.Forbidden("satisfaction.requesterOnly", "只有提出需求的居民本人（或代下单的社区工作人员）可以评价满意度。");

    public static DomainException AlreadyRated() => DomainException.Conflict("satisfaction.alreadyRated", "该需求已评价过满意度。");

    public static DomainException SurveyClosed() => DomainException.Conflict("survey.closed", "该调查已截止。");
}
