using Volunteer.Domain.Common;

namespace Volunteer.Domain.Partners;

public enum PartnerKind
{
    /// <summary>共建单位 / 驻区单位</summary>
    Unit,
    /// <summary>商家</summary>
    Merchant,
    /// <summary>积分超市</summary>
    Supermarket,
}

/// <summary>A co-building unit or merchant that claims tasks as a unit and offers rewards.</summary>
public sealed class Partner
{
    private readonly List<PartnerBadge> _badges = [];

    private Partner() { }

    public Guid Id { get; private set; }
    public Guid StreetId { get; private set; }
    public string Name { get; private set; } = "";
    public PartnerKind Kind { get; private set; }
    public string? Contact { get; private set; }
    public string? Address { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; private set; }

    /// <summary>Every badge ever granted, revoked ones included: who granted and revoked it, and when.</summary>
    public IReadOnlyCollection<PartnerBadge> Badges => _badges;

    /// <summary>Badges held now: what residents see.</summary>
    public IEnumerable<BadgeKind> CurrentBadges => _badges.Where(b => b.IsCurrent).Select(b => b.Badge).Order();

    public static Partner Create(Guid streetId, string name, PartnerKind kind, string? contact, string? address, DateTimeOffset now)
    {
        var partner = new Partner { Id = Ids.NewV7(now), StreetId = streetId, CreatedAt = now };
        partner.Update(name, kind, contact, address);
        return partner;
    }

    public void Update(string name, PartnerKind kind, string? contact, string? address)
    {
        Name = Guard.Text(name, "name", "单位名称", 100);
        Kind = Enum.IsDefined(kind) ? kind : throw DomainException.Invalid("kind", "单位类型无效。");
        Contact = Guard.OptionalText(contact, "contact", "联系方式", 100);
        Address = Guard.OptionalText(address, "address", "地址", 200);
    }

    /// <summary>An admin grants a badge; the load must include <see cref="Badges"/>.</summary>
    public PartnerBadge GrantBadge(BadgeKind badge, Guid adminAccountId, DateTimeOffset now)
    {
        if (!Enum.IsDefined(badge))
            throw DomainException.Invalid("badge", "徽章类型无效。");
        if (_badges.Any(b => b.Badge == badge && b.IsCurrent))
            throw DomainException.Conflict("partner.badgeAlreadyGranted", $"该单位已获得“{PartnerBadge.Label(badge)}”称号。");
        var granted = PartnerBadge.Grant(Id, badge, adminAccountId, now);
        _badges.Add(granted);
        return granted;
    }

    /// <summary>An admin revokes a badge; the record stays as history.</summary>
    public void RevokeBadge(BadgeKind badge, Guid adminAccountId, DateTimeOffset now)
    {
        var current = _badges.SingleOrDefault(b => b.Badge == badge && b.IsCurrent)
            ?? throw DomainException.Conflict("partner.badgeNotGranted", $"该单位当前没有“{PartnerBadge.Label(badge)}”称号。");
        current.Revoke(adminAccountId, now);
    }
}

/// <summary>Badges that tell residents a shop can be trusted.</summary>
public enum BadgeKind
{
    /// <summary>党员示范店</summary>
    PartyMemberModelShop,
    /// <summary>支部推荐放心店</summary>
    BranchRecommendedShop,
}

/// <summary>One grant of a badge to a partner, and its revocation if it was revoked.</summary>
public sealed class PartnerBadge
{
    private PartnerBadge() { }

    public Guid Id { get; private set; }
    public Guid PartnerId { get; private set; }
    public BadgeKind Badge { get; private set; }
    public DateTimeOffset GrantedAt { get; private set; }
    public Guid GrantedByAccountId { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }
    public Guid? RevokedByAccountId { get; private set; }

    public bool IsCurrent => RevokedAt is null;

    public static string Label(BadgeKind badge) => badge switch
    {
        BadgeKind.PartyMemberModelShop => "党员示范店",
        BadgeKind.BranchRecommendedShop => "支部推荐放心店",
        _ => badge.ToString(),
    };

    internal static PartnerBadge Grant(Guid partnerId, BadgeKind badge, Guid adminAccountId, DateTimeOffset now) => new()
    {
        Id = Ids.NewV7(now),
        PartnerId = partnerId,
        Badge = badge,
        GrantedAt = now,
        GrantedByAccountId = adminAccountId,
    };

    internal void Revoke(Guid adminAccountId, DateTimeOffset now)
    {
        RevokedAt = now;
        RevokedByAccountId = adminAccountId;
    }
}
