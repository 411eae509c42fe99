namespace Volunteer.Domain.Common;

/// <summary>Refusals for a caller whose role may not do the thing at all: each code with its one message.</summary>
public static class RoleErrors
{
    /// <summary>Residents and partner staff reached for staff work (grid workers count as community staff where they are let in).</summary>
    public static DomainException StaffOnly() => DomainException.Forbidden("role.staffOnly", "此操作仅限社区工作人员或街道管理员。");
}
