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
}

/// <summary>Who is acting, with the scope their role gives them. Built from the signed-in token.</summary>
public sealed record Actor(Guid Id, ActorRole Role, Guid? CommunityId = null, Guid? PartnerId = null, Guid? StreetId = null)
{
    public bool IsResident => Role == ActorRole.Resident;
    public bool IsStaff => Role == ActorRole.CommunityStaff;
    public bool IsPartnerStaff => Role == ActorRole.PartnerStaff;
    public bool IsAdmin => Role == ActorRole.StreetAdmin;
    public bool IsPlatformAdmin => IsAdmin && StreetId is null;

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
            throw DomainException.Forbidden("role.staffOnly", "此操作仅限社区工作人员或街道管理员。");
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
