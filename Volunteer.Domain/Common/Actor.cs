using Volunteer.Domain.Communities;
namespace Volunteer.Domain.Common;

public enum ActorRole
{
    /// <summary>居民 (party members are residents with a confirmed membership).</summary>
    Resident,
    /// <summary>社区工作者 / 网格员.</summary>
    CommunityStaff,
    /// <summary>共建单位工作人员 / 商家.</summary>
    PartnerStaff,
    /// <summary>街道管理员; without a street it is a platform administrator.</summary>
    StreetAdmin,
    /// <summary>网格员: community staff whose scope is one grid of the community.</summary>
    GridWorker,
    /// <summary>职能部门工作人员 (城管, 住建, 派出所 …): acts on the escalations sent to their department.</summary>
    DepartmentStaff,
}

/// <summary>Who is acting, with the scope their role gives them. Built from the signed-in token.</summary>
public sealed record Actor(Guid Id, ActorRole Role, Guid? CommunityId = null, Guid? PartnerId = null, Guid? StreetId = null,
    Guid? GridId = null, Guid? DepartmentId = null)
{
    public bool IsResident => Role == ActorRole.Resident;
    public bool IsStaff => Role == ActorRole.CommunityStaff;
    public bool IsPartnerStaff => Role == ActorRole.PartnerStaff;
    public bool IsAdmin => Role == ActorRole.StreetAdmin;
    public bool IsPlatformAdmin => IsAdmin && StreetId is null;
    /// <summary>
    /// 网格员: acts like community staff, but only on what lies in their grid (<see cref="GridId"/>) — needs, tasks
    /// and members. Checks that know no grid (<see cref="IsStaffOf"/>, <see cref="CanManage"/>) refuse them.
    /// </summary>
    public bool IsGridWorker => Role == ActorRole.GridWorker;

    /// <summary>Whether the actor is a grid worker of exactly this grid.</summary>
    public bool IsGridWorkerOf(Guid communityId, Guid? gridId) => IsGridWorker && CommunityId == communityId && gridId is not null && GridId == gridId;

    public bool IsDepartmentStaff => Role == ActorRole.DepartmentStaff && DepartmentId is not null;

    public bool IsStaffOf(Guid communityId) => IsStaff && CommunityId == communityId;

    public bool IsAdminOf(Guid streetId) => IsAdmin && (StreetId is null || StreetId == streetId);

    /// <summary>Staff of the community, or an admin of the street it belongs to.</summary>
    public bool CanManage(Guid communityId, Guid streetId) => IsStaffOf(communityId) || IsAdminOf(streetId);

    public void EnsureResident()
    {
        if (!IsResident)
            throw DomainException.Forbidden("role.residentOnly", "此操作仅限居民本人。");
    }

    public void EnsureStaffOrAdmin()
    {
        if (!IsStaff && !IsAdmin)
            throw RoleErrors.StaffOnly();
    }

    /// <summary>Staff, admins, and grid workers where the grid scope is applied (needs, tasks, members).</summary>
    public void EnsureStaffAdminOrGridWorker()
    {
        if (!IsStaff && !IsAdmin && !IsGridWorker)
            throw RoleErrors.StaffOnly();
    }

    public void EnsureAdmin()
    {
        if (!IsAdmin)
            throw DomainException.Forbidden("role.adminOnly", "此操作仅限街道管理员。");
    }

    /// <summary>What spans every street (the monthly jobs, platform settings) belongs to platform admins.</summary>
    public void EnsurePlatformAdmin()
    {
        if (!IsPlatformAdmin)
            throw CommunityErrors.PlatformAdminOnly();
    }
}
