namespace Volunteer.Domain.Tasks;

/// <summary>
/// Who claims a task: a resident or party member in person (党员接单), or a partner
/// organisation as a unit (单位接单), represented by one of its staff.
/// </summary>
public sealed record Claimant
{
    private Claimant(Guid? memberId, Guid? partnerId, Guid? accountId, bool isConfirmedPartyMember)
    {
        MemberId = memberId;
        PartnerId = partnerId;
        AccountId = accountId;
        IsConfirmedPartyMember = isConfirmedPartyMember;
    }

    public Guid? MemberId { get; }
    public Guid? PartnerId { get; }
    /// <summary>The partner staff account that claimed for its organisation.</summary>
    public Guid? AccountId { get; }
    public bool IsConfirmedPartyMember { get; }

    public static Claimant ForMember(Members.Member member) =>
        new(member.Id, null, null, member.IsConfirmedPartyMember);

    /// <summary>A member whose party membership is not known here (<see cref="Claim.AskedBy"/>: the write checks it).</summary>
    internal static Claimant MemberById(Guid memberId) => new(memberId, null, null, false);

    public static Claimant ForPartner(Guid partnerId, Guid staffAccountId) =>
        new(null, partnerId, staffAccountId, false);
}
