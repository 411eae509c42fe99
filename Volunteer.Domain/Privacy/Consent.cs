using Volunteer.Domain.Common;

namespace Volunteer.Domain.Privacy;

/// <summary>
/// A member accepted a version of the privacy policy (隐私政策) when signing in. One row per member
/// and version: (MemberId, PolicyVersion) is unique, so signing in again records nothing new.
/// </summary>
public sealed class Consent
{
    private Consent() { }

    public Guid Id { get; private set; }
    public Guid MemberId { get; private set; }
    public string PolicyVersion { get; private set; } = "";
    public DateTimeOffset AcceptedAt { get; private set; }

    public static Consent Accept(Guid memberId, string policyVersion, DateTimeOffset now) => new()
    {
        Id = Ids.NewV7(now),
        MemberId = memberId,
        PolicyVersion = Guard.Text(policyVersion, "policyVersion", "隐私政策版本", 32),
        AcceptedAt = now,
    };
}
