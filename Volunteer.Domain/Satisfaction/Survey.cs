using Volunteer.Domain.Common;

namespace Volunteer.Domain.Satisfaction;

/// <summary>
/// 满意度调查: community staff ask their residents how satisfied they are with the community, between
/// two instants. One answer per household: the answer's <see cref="SurveyAnswer.HouseholdKey"/> is unique
/// per survey in the database.
/// </summary>
public sealed class Survey
{
    public const int MaxTitleLength = 100;
    public const int MaxDescriptionLength = 1000;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(92);

    private Survey() { }

    public Guid Id { get; private set; }
    public Guid StreetId { get; private set; }
    public Guid CommunityId { get; private set; }
    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    public DateTimeOffset OpensAt { get; private set; }
    public DateTimeOffset ClosesAt { get; private set; }
    public Guid CreatedByAccountId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; private set; }

    public static Survey Open(Guid streetId, Guid communityId, string? title, string? description, DateTimeOffset opensAt,
        DateTimeOffset closesAt, Guid staffAccountId, DateTimeOffset now)
    {
        var opens = CalendarRange.Instant(opensAt, "opensAt");
        var closes = CalendarRange.Instant(closesAt, "closesAt");
        if (closes <= opens)
            throw DomainException.Invalid("closesAt", "截止时间必须晚于开始时间。");
        if (closes <= now)
            throw DomainException.Invalid("closesAt", "截止时间必须晚于现在。");
        if (closes - opens > MaxDuration)
            throw DomainException.Invalid("closesAt", $"调查时间不能超过 {MaxDuration.Days} 天。");
        return new Survey
        {
            Id = Ids.NewV7(now),
            StreetId = streetId,
            CommunityId = communityId,
            Title = Guard.Text(title, "title", "调查标题", MaxTitleLength),
            Description = Guard.OptionalText(description, "description", "调查说明", MaxDescriptionLength),
            OpensAt = opens,
            ClosesAt = closes,
            CreatedByAccountId = staffAccountId,
            CreatedAt = now,
        };
    }

    public bool IsOpenAt(DateTimeOffset now) => now >= OpensAt && now < ClosesAt;

    /// <summary>截止: staff end the survey early; answers already given stay.</summary>
    public void Close(DateTimeOffset now)
    {
        if (now >= ClosesAt)
            throw SatisfactionErrors.SurveyClosed();
        ClosesAt = now > OpensAt ? now : OpensAt;
    }

    /// <summary>
    /// A resident of the survey's community answers for their household (<paramref name="householdId"/>);
    /// a resident registered in no household answers as a household of one (keyed by their own id).
    /// </summary>
    public SurveyAnswer Answer(Guid memberId, Guid? memberCommunityId, Guid? householdId, SatisfactionLevel level, string? comment, DateTimeOffset now)
    {
        if (memberCommunityId != CommunityId)
            throw DomainException.Forbidden("survey.notResident", "只有本社区居民可以参与该调查。");
        if (now < OpensAt)
            throw DomainException.Conflict("survey.notOpen", "调查尚未开始。");
        if (now >= ClosesAt)
            throw SatisfactionErrors.SurveyClosed();
        if (!Enum.IsDefined(level))
            throw DomainException.Invalid("level", "满意度无效（satisfied 满意 / basicallySatisfied 基本满意 / dissatisfied 不满意）。");
        return new SurveyAnswer(Ids.NewV7(now), Id, householdId ?? memberId, householdId, memberId, level,
            Guard.OptionalText(comment, "comment", "意见建议", SatisfactionTally.MaxCommentLength), now);
    }
}

/// <summary>One household's answer to a survey (given by one of its members).</summary>
public sealed class SurveyAnswer
{
    private SurveyAnswer() { }

    internal SurveyAnswer(Guid id, Guid surveyId, Guid householdKey, Guid? householdId, Guid memberId, SatisfactionLevel level, string? comment,
        DateTimeOffset now)
    {
        Id = id;
        SurveyId = surveyId;
        HouseholdKey = householdKey;
        HouseholdId = householdId;
        MemberId = memberId;
        Level = level;
        Comment = comment;
        AnsweredAt = now;
    }

    public Guid Id { get; private set; }
    public Guid SurveyId { get; private set; }
    /// <summary>The household answered for: its id, or the member's own id for a resident in no household. Unique per survey.</summary>
    public Guid HouseholdKey { get; private set; }
    public Guid? HouseholdId { get; private set; }
    public Guid MemberId { get; private set; }
    public SatisfactionLevel Level { get; private set; }
    public string? Comment { get; private set; }
    public DateTimeOffset AnsweredAt { get; private set; }
}
