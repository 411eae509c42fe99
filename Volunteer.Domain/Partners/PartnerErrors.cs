using Volunteer.Domain.Common;

namespace Volunteer.Domain.Partners;

/// <summary>The partners feature's refusals: each code with its one message.</summary>
public static class PartnerErrors
{
    /// <summary>Partner staff act only for their organisation; street admins manage their street's partners only.</summary>
    public static DomainException Forbidden() => DomainException.Forbidden("partner.forbidden", "无权代表或管理该共建单位。");
}
