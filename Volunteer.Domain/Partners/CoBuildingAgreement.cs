using Volunteer.Domain.Common;

namespace Volunteer.Domain.Partners;

/// <summary>
/// 共建协议: a partner organisation serves a community from <see cref="StartsOn"/> to
/// <see cref="EndsOn"/> (both inclusive, China dates). One agreement per partner and community:
/// renewing changes its dates; ending it early keeps it as history.
/// </summary>
public sealed class CoBuildingAgreement
{
    public static readonly int MaxYears = 10;

    private CoBuildingAgreement() { }

    public Guid Id { get; private set; }
    public Guid PartnerId { get; private set; }
    public Guid CommunityId { get; private set; }
    public DateOnly StartsOn { get; private set; }
    public DateOnly EndsOn { get; private set; }
    /// <summary>Set when an admin ended the agreement before its end date.</summary>
    public DateTimeOffset? TerminatedAt { get; private set; }
    public Guid? TerminatedByAccountId { get; private set; }
    public Guid CreatedByAccountId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public static CoBuildingAgreement Sign(Guid partnerId, Guid communityId, DateOnly startsOn, DateOnly endsOn,
        Guid adminAccountId, DateTimeOffset now)
    {
        var agreement = new CoBuildingAgreement
        {
            Id = Ids.NewV7(now),
            PartnerId = partnerId,
            CommunityId = communityId,
            CreatedByAccountId = adminAccountId,
            CreatedAt = now,
        };
        agreement.Renew(startsOn, endsOn, now);
        return agreement;
    }

    /// <summary>Sets new dates; an agreement ended early comes back into force.</summary>
    public void Renew(DateOnly startsOn, DateOnly endsOn, DateTimeOffset now)
    {
        CalendarRange.Date(startsOn, "startsOn");
        CalendarRange.Date(endsOn, "endsOn");
        if (endsOn < startsOn)
            throw DomainException.Invalid("endsOn", "协议结束日期不能早于开始日期。");
        if (endsOn > startsOn.AddYears(MaxYears))
            throw DomainException.Invalid("endsOn", $"协议期限不能超过 {MaxYears} 年。");
        if (endsOn < Today(now))
            throw DomainException.Invalid("endsOn", "协议结束日期不能早于今天。");
        StartsOn = startsOn;
        EndsOn = endsOn;
        TerminatedAt = null;
        TerminatedByAccountId = null;
        UpdatedAt = now;
    }

    /// <summary>The partner stops serving the community now. Rewards stop being offered there; redemptions already made stand.</summary>
    public void Terminate(Guid adminAccountId, DateTimeOffset now)
    {
        if (TerminatedAt is not null)
            throw DomainException.Conflict("agreement.terminated", "该共建协议已终止。");
        TerminatedAt = now;
        TerminatedByAccountId = adminAccountId;
        UpdatedAt = now;
    }

    public bool InForceOn(DateOnly day) => TerminatedAt is null && StartsOn <= day && day <= EndsOn;

    /// <summary>Today's date in China, the calendar agreements are written in.</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(ChinaTime.ToChina(now).DateTime);
}
