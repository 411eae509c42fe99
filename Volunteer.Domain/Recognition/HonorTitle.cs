using System.Globalization;
using Volunteer.Domain.Common;

namespace Volunteer.Domain.Recognition;

/// <summary>Who a title honours.</summary>
public enum HonorSubject
{
    /// <summary>A person (雄关好人, 道德模范).</summary>
    Person,
    /// <summary>A household (五星级文明户).</summary>
    Household,
}

/// <summary>How often a subject can hold a title.</summary>
public enum HonorCadence
{
    /// <summary>Once per subject per calendar year (China time).</summary>
    Yearly,
    /// <summary>Once per subject per month.</summary>
    Monthly,
    /// <summary>Once per subject, ever.</summary>
    OneOff,
}

/// <summary>
/// The period an honour is for, by the title's cadence: a year (key 2026), a month (key 202610, as
/// <see cref="Period.Key"/>) or none for a one-off title (key 0). The key is part of the unique index
/// that lets a subject hold a title once per period.
/// </summary>
public readonly record struct HonorPeriod(HonorCadence Cadence, int Key)
{
    public static HonorPeriod OneOff => new(HonorCadence.OneOff, 0);

    /// <summary>Reads <c>yyyy</c> (yearly), <c>yyyy-MM</c> (monthly) or nothing (one-off); not later than the current period.</summary>
    public static HonorPeriod Parse(HonorCadence cadence, string? text, DateTimeOffset now)
    {
        var current = Of(cadence, now);
        var trimmed = text?.Trim();
        switch (cadence)
        {
            case HonorCadence.OneOff:
                if (!string.IsNullOrEmpty(trimmed))
                    throw DomainException.Invalid("period", "该称号为一次性表彰，不填写期间。");
                return OneOff;
            case HonorCadence.Yearly:
                if (string.IsNullOrEmpty(trimmed))
                    return current;
                if (trimmed.Length != 4 || !int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                    || !CalendarRange.Contains(new Period(year, 1)))
                    throw DomainException.Invalid("period", "年度表彰的期间应为 yyyy，如 2026。");
                if (year > current.Key)
                    throw DomainException.Invalid("period", "不能评选尚未开始的年度。");
                return new HonorPeriod(cadence, year);
            default:
                if (string.IsNullOrEmpty(trimmed))
                    return current;
                if (!Period.TryParse(trimmed, out var month))
                    throw DomainException.Invalid("period", "月度表彰的期间应为 yyyy-MM，如 2026-10。");
                if (month.Key > current.Key)
                    throw DomainException.Invalid("period", "不能评选尚未开始的月份。");
                return new HonorPeriod(cadence, month.Key);
        }
    }

    /// <summary>The period <paramref name="now"/> falls in.</summary>
    public static HonorPeriod Of(HonorCadence cadence, DateTimeOffset now) => cadence switch
    {
        HonorCadence.Yearly => new(cadence, Period.Of(now).Year),
        HonorCadence.Monthly => new(cadence, Period.Of(now).Key),
        _ => OneOff,
    };

    /// <summary>2026, 2026-10, or null for a one-off title.</summary>
    public string? Text => Cadence switch
    {
        HonorCadence.Yearly => Key.ToString("D4", CultureInfo.InvariantCulture),
        HonorCadence.Monthly => Period.FromKey(Key).ToString(),
        _ => null,
    };

    /// <summary>2026年度, 2026年10月, or empty.</summary>
    public string Label => Cadence switch
    {
        HonorCadence.Yearly => $"{Key}年度",
        HonorCadence.Monthly => $"{Key / 100}年{Key % 100}月",
        _ => "",
    };
}

/// <summary>
/// 表彰称号: a title a street defines beyond the two monthly honours (五星级文明户 yearly for
/// households, 雄关好人 / 道德模范 for people), with optional bonus points. A retired title takes no
/// new nominations; honours already published keep it.
/// </summary>
public sealed class HonorTitle
{
    public const int MaxNameLength = 32;
    public const int MaxDescriptionLength = 500;

    private HonorTitle() { }

    public Guid Id { get; private set; }
    public Guid StreetId { get; private set; }
    public string Name { get; private set; } = "";
    public string? Description { get; private set; }
    public HonorSubject Subject { get; private set; }
    public HonorCadence Cadence { get; private set; }
    /// <summary>Points granted once with each approved honour (0–<see cref="HonorSettings.MaxBonusPoints"/>).</summary>
    public int BonusPoints { get; private set; }
    public bool IsActive { get; private set; }
    public Guid CreatedByAccountId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? RetiredAt { get; private set; }
    public int Version { get; private set; }

    public static HonorTitle Define(Guid streetId, string? name, string? description, HonorSubject subject, HonorCadence cadence,
        int bonusPoints, Guid adminAccountId, DateTimeOffset now)
    {
        if (!Enum.IsDefined(subject))
            throw DomainException.Invalid("subject", "表彰对象无效（person 个人 / household 家庭）。");
        if (!Enum.IsDefined(cadence))
            throw DomainException.Invalid("cadence", "评选周期无效（yearly / monthly / oneOff）。");
        var reserved = Enum.GetValues<HonorKind>().Select(Honor.TitleOf);
        var trimmed = Guard.Text(name, "name", "称号名称", MaxNameLength);
        if (reserved.Contains(trimmed))
            throw DomainException.Invalid("name", $"“{trimmed}”是月度表彰的称号，请换一个名称。");
        return new HonorTitle
        {
            Id = Ids.NewV7(now),
            StreetId = streetId,
            Name = trimmed,
            Description = Guard.OptionalText(description, "description", "称号说明", MaxDescriptionLength),
            Subject = subject,
            Cadence = cadence,
            BonusPoints = Guard.Range(bonusPoints, 0, HonorSettings.MaxBonusPoints, "bonusPoints", "奖励积分"),
            IsActive = true,
            CreatedByAccountId = adminAccountId,
            CreatedAt = now,
        };
    }

    /// <summary>停用: no new nominations; pending ones can still be decided, published honours stay.</summary>
    public void Retire(DateTimeOffset now)
    {
        if (!IsActive)
            throw HonorErrors.TitleRetired();
        IsActive = false;
        RetiredAt = now;
    }

    public void Restore()
    {
        if (IsActive)
            throw DomainException.Conflict("honorTitle.active", "该称号正在使用中。");
        IsActive = true;
        RetiredAt = null;
    }
}

public enum NominationStatus
{
    /// <summary>待审批</summary>
    Pending,
    /// <summary>已通过：在表彰榜上公布</summary>
    Approved,
    /// <summary>未通过，附原因</summary>
    Rejected,
}

/// <summary>
/// 表彰提名: community staff put a member or household of their community forward for a title and a
/// period, with a reason; the street admin approves (the honour is published, and the title's bonus
/// is granted once) or rejects with a reason. A subject has at most one live (pending or approved)
/// nomination per title and period — a unique index keeps that, so a yearly title is held once a year.
/// </summary>
public sealed class HonorNomination
{
    public const int MaxReasonLength = 500;

    private HonorNomination() { }

    public Guid Id { get; private set; }
    public Guid TitleId { get; private set; }
    public Guid StreetId { get; private set; }
    public Guid CommunityId { get; private set; }
    public HonorSubject Subject { get; private set; }
    public Guid? MemberId { get; private set; }
    public Guid? HouseholdId { get; private set; }
    public HonorCadence Cadence { get; private set; }
    /// <summary>See <see cref="HonorPeriod"/>: 2026, 202610 or 0.</summary>
    public int Period { get; private set; }
    public string Reason { get; private set; } = "";
    public Guid NominatedByAccountId { get; private set; }
    public DateTimeOffset NominatedAt { get; private set; }
    public NominationStatus Status { get; private set; }
    public Guid? DecidedByAccountId { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? RejectionReason { get; private set; }
    /// <summary>The bonus granted on approval (the title's at that moment); 0 before approval and for none.</summary>
    public int BonusPoints { get; private set; }
    /// <summary>Who received the bonus: the member, or for a household its head (户主) at approval.</summary>
    public Guid? BonusMemberId { get; private set; }
    public int Version { get; private set; }

    public HonorPeriod HonorPeriod => new(Cadence, Period);

    public static HonorNomination ForMember(HonorTitle title, Guid communityId, Guid memberId, HonorPeriod period, string? reason,
        Guid staffAccountId, DateTimeOffset now)
    {
        if (title.Subject != HonorSubject.Person)
            throw DomainException.Invalid("memberId", $"“{title.Name}”表彰的是家庭，请提名一户（householdId）。");
        var nomination = New(title, communityId, period, reason, staffAccountId, now);
        nomination.MemberId = memberId;
        return nomination;
    }

    public static HonorNomination ForHousehold(HonorTitle title, Guid communityId, Guid householdId, HonorPeriod period, string? reason,
        Guid staffAccountId, DateTimeOffset now)
    {
        if (title.Subject != HonorSubject.Household)
            throw DomainException.Invalid("householdId", $"“{title.Name}”表彰的是个人，请提名一位居民（memberId）。");
        var nomination = New(title, communityId, period, reason, staffAccountId, now);
        nomination.HouseholdId = householdId;
        return nomination;
    }

    private static HonorNomination New(HonorTitle title, Guid communityId, HonorPeriod period, string? reason, Guid staffAccountId,
        DateTimeOffset now)
    {
        if (!title.IsActive)
            throw HonorErrors.TitleRetired();
        if (period.Cadence != title.Cadence)
            throw new ArgumentException("The period must follow the title's cadence.", nameof(period));
        return new HonorNomination
        {
            Id = Ids.NewV7(now),
            TitleId = title.Id,
            StreetId = title.StreetId,
            CommunityId = communityId,
            Subject = title.Subject,
            Cadence = title.Cadence,
            Period = period.Key,
            Reason = Guard.Text(reason, "reason", "推荐理由", MaxReasonLength),
            NominatedByAccountId = staffAccountId,
            NominatedAt = now,
            Status = NominationStatus.Pending,
        };
    }

    /// <summary>
    /// 审批通过: the honour is published. The title's bonus goes to <paramref name="bonusRecipient"/> (the
    /// member, or the household's head); a household without a head can only be honoured without points.
    /// </summary>
    public void Approve(HonorTitle title, Guid? bonusRecipient, Guid adminAccountId, DateTimeOffset now)
    {
        EnsurePending();
        if (title.Id != TitleId)
            throw new ArgumentException("Not this nomination's title.", nameof(title));
        if (title.BonusPoints > 0 && bonusRecipient is null)
            throw DomainException.Conflict("nomination.noHouseholdHead", "该户尚未登记户主，无法发放奖励积分；请先由社区登记户主。");
        Status = NominationStatus.Approved;
        BonusPoints = title.BonusPoints;
        BonusMemberId = title.BonusPoints > 0 ? bonusRecipient : null;
        DecidedByAccountId = adminAccountId;
        DecidedAt = now;
    }

    public void Reject(string? reason, Guid adminAccountId, DateTimeOffset now)
    {
        EnsurePending();
        RejectionReason = Guard.Text(reason, "reason", "不通过原因", 200);
        Status = NominationStatus.Rejected;
        DecidedByAccountId = adminAccountId;
        DecidedAt = now;
    }

    /// <summary>The ledger reason of the bonus: 表彰奖励：2026年度 东门社区 五星级文明户.</summary>
    public string BonusReason(string titleName, string communityName)
    {
        var label = HonorPeriod.Label;
        return $"表彰奖励：{(label.Length > 0 ? label + " " : "")}{communityName} {titleName}";
    }

    private void EnsurePending()
    {
        if (Status != NominationStatus.Pending)
            throw DomainException.Conflict("nomination.decided", Status == NominationStatus.Approved
                ? "该提名已审批通过。"
                : "该提名已被驳回。");
    }
}
