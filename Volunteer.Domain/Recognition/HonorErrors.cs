using Volunteer.Domain.Common;

namespace Volunteer.Domain.Recognition;

/// <summary>The honours feature's refusals (表彰、荣誉称号): each code with its one message.</summary>
public static class HonorErrors
{
    public static DomainException TitleRetired() => DomainException.Conflict("honorTitle.retired", "该称号已停用，不再接受提名。");
}
