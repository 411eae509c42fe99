namespace Volunteer.Infrastructure.Rewards;

/// <summary>Configuration section <c>Redemptions</c>.</summary>
public sealed class RedemptionOptions
{
    public const string Section = "Redemptions";

    /// <summary>Days a redemption code stays valid; unfulfilled ones then expire and refund. 1–365, default 7.</summary>
    public int ExpiryDays { get; set; } = 7;

    public TimeSpan CodeLifetime => TimeSpan.FromDays(ExpiryDays);

    public bool IsValid => ExpiryDays is >= 1 and <= 365;
}
