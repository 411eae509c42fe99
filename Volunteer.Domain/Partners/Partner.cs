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
    private Partner() { }

    public Guid Id { get; private set; }
    public Guid StreetId { get; private set; }
    public string Name { get; private set; } = "";
    public PartnerKind Kind { get; private set; }
    public string? Contact { get; private set; }
    public string? Address { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static Partner Create(Guid streetId, string name, PartnerKind kind, string? contact, string? address, DateTimeOffset now)
    {
        var partner = new Partner { Id = Guid.CreateVersion7(now), StreetId = streetId, CreatedAt = now };
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
}
