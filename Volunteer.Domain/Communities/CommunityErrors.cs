using Volunteer.Domain.Common;

namespace Volunteer.Domain.Communities;

/// <summary>The refusals about streets and communities: each code with its one message.</summary>
public static class CommunityErrors
{
    public static DomainException CommunityNotFound() => DomainException.NotFound("community.notFound", "社区不存在。");

    public static DomainException StreetNotFound() => DomainException.NotFound("street.notFound", "街道不存在。");

    public static DomainException GridNotFound() => DomainException.NotFound("grid.notFound", "网格不存在。");

    /// <summary>A grid worker (网格员) reached outside their own grid.</summary>
    public static DomainException NotYourGrid() => DomainException.Forbidden("grid.forbidden", "网格员只能在本网格内发布任务。");

    /// <summary>A street admin reached for another street.</summary>
    public static DomainException OtherStreet() => DomainException.Forbidden("street.forbidden", "只能在本街道下操作。");

    /// <summary>Creating a street, or a platform admin, is for platform admins.</summary>
    public static DomainException PlatformOnly() =>
        DomainException.Forbidden("street.platformOnly", "只有平台管理员可以新建街道或平台管理员。");

    public static DomainException PlatformAdminOnly() =>
        DomainException.Forbidden("role.platformAdminOnly", "此操作涉及所有街道，仅限平台管理员。");
}
