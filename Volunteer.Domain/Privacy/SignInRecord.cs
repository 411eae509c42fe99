using Volunteer.Domain.Common;

namespace Volunteer.Domain.Privacy;

/// <summary>
/// A resident signed in (登录记录): when, from which network and which device — kept so staff can see
/// one device or address signing in many members (异常线索), and for a limited time only. The address
/// and the device id are personal data, so neither is kept as such: <see cref="AddressHash"/> and
/// <see cref="DeviceHash"/> are keyed hashes that only tell "the same" from "different", and
/// <see cref="Network"/> is the address cut to its network (IPv4 /24, IPv6 /48), enough for a person
/// to recognise a place without pointing at one household.
/// </summary>
public sealed class SignInRecord
{
    /// <summary>Length of the keyed hashes kept (hex characters).</summary>
    public const int HashLength = 32;

    private SignInRecord() { }

    public Guid Id { get; private set; }
    public Guid MemberId { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string? AddressHash { get; private set; }
    public string? Network { get; private set; }
    public string? DeviceHash { get; private set; }

    public static SignInRecord Record(Guid memberId, DateTimeOffset at, string? addressHash, string? network, string? deviceHash)
    {
        if (memberId == Guid.Empty)
            throw DomainException.Invalid("memberId", "登录记录缺少居民。");
        return new SignInRecord
        {
            Id = Ids.NewV7(at),
            MemberId = memberId,
            At = at,
            AddressHash = Hash(addressHash, "addressHash"),
            Network = network is { Length: > 64 } ? throw DomainException.Invalid("network", "网段格式不正确。") : network,
            DeviceHash = Hash(deviceHash, "deviceHash"),
        };
    }

    private static string? Hash(string? value, string field) =>
        value is null || (value.Length == HashLength && value.All(Uri.IsHexDigit))
            ? value
            : throw DomainException.Invalid(field, "登录记录只保存摘要。");
}
