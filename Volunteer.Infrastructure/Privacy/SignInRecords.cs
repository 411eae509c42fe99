using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Members;
using Volunteer.Domain.Privacy;
using Volunteer.Infrastructure.Jobs;

namespace Volunteer.Infrastructure.Privacy;

/// <summary>Configuration section <c>SignIns</c>: how long sign-in records (登录记录) are kept.</summary>
public sealed class SignInRecordOptions
{
    public const string Section = "SignIns";

    /// <summary>Days a sign-in record is kept; the expiry job deletes older ones. Long enough to review last month.</summary>
    public int RetentionDays { get; set; } = 62;

    public TimeSpan Retention => TimeSpan.FromDays(RetentionDays);
}

/// <summary>
/// Turns a client address and a device id into what a sign-in record keeps: keyed SHA-256 hashes (the
/// key is derived from <c>Auth:SigningKey</c>, so nobody without it can test a guessed address against
/// the table) and the address's network.
/// </summary>
public sealed class SignInFingerprints(byte[] key)
{
    /// <summary>Device ids longer than this are not a device id the mini-program sends; they are ignored.</summary>
    public const int MaxDeviceIdLength = 128;

    public string? AddressHash(IPAddress? address) => address is null ? null : Hash("address|" + Normalize(address));

    public string? DeviceHash(string? deviceId) =>
        string.IsNullOrWhiteSpace(deviceId) || deviceId.Length > MaxDeviceIdLength ? null : Hash("device|" + deviceId.Trim());

    /// <summary>The address's network: IPv4 /24 (<c>198.51.100.0/24</c>), IPv6 /48.</summary>
    public static string? Network(IPAddress? address)
    {
        if (address is null)
            return null;
        var normalized = Normalize(address);
        var bytes = normalized.GetAddressBytes();
        var keep = normalized.AddressFamily == AddressFamily.InterNetwork ? 3 : 6;
        for (var i = keep; i < bytes.Length; i++)
            bytes[i] = 0;
        return $"{new IPAddress(bytes)}/{keep * 8}";
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private string Hash(string text) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)))[..SignInRecord.HashLength];
}

public sealed class SignInRecordConfiguration : IEntityTypeConfiguration<SignInRecord>
{
    public void Configure(EntityTypeBuilder<SignInRecord> e)
    {
        e.ToTable("SignInRecords");
        e.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => new { x.MemberId, x.At }).HasDatabaseName("IX_SignInRecords_Member_At");
        e.HasIndex(x => x.At).HasDatabaseName("IX_SignInRecords_At");
        e.Property(x => x.AddressHash).HasMaxLength(SignInRecord.HashLength);
        e.Property(x => x.DeviceHash).HasMaxLength(SignInRecord.HashLength);
        e.Property(x => x.Network).HasMaxLength(64);
    }
}

public static class SignInRecordSetup
{
    public static IServiceCollection AddSignInRecords(this IServiceCollection services, IConfiguration configuration, byte[] secret)
    {
        var options = services.AddOptions<SignInRecordOptions>().Bind(configuration.GetSection(SignInRecordOptions.Section));
        options.Validate(o => o.RetentionDays is >= 1 and <= 366, "SignIns:RetentionDays must be between 1 and 366.").ValidateOnStart();
        services.AddSingleton(new SignInFingerprints(HMACSHA256.HashData(secret, "volunteer/sign-in-records"u8)));
        services.AddExpirySweep<PruneSignInRecords>("sign-in-records", (useCase, now, ct) => useCase.ExecuteAsync(now, ct));
        return services;
    }
}
