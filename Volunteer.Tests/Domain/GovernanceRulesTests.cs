using Volunteer.Domain.Common;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Recognition;
using Volunteer.Domain.Satisfaction;
using Volunteer.Domain.Tasks;
using static Volunteer.Tests.Domain.Builders;

namespace Volunteer.Tests.Domain;

/// <summary>Configurable honours, satisfaction and the figures of the statistics, without a database.</summary>
public sealed class GovernanceRulesTests
{
    private static readonly Guid Street = Guid.NewGuid();
    private static readonly Guid AdminId = Guid.NewGuid();

    private static HonorTitle Title(HonorSubject subject = HonorSubject.Person, HonorCadence cadence = HonorCadence.Yearly, int bonus = 100) =>
        HonorTitle.Define(Street, "雄关好人", "评选标准", subject, cadence, bonus, AdminId, Now);

    [Theory]
    [InlineData(HonorCadence.Yearly, null, 2026, "2026")]
    [InlineData(HonorCadence.Yearly, "2025", 2025, "2025")]
    [InlineData(HonorCadence.Monthly, null, 202611, "2026-11")]
    [InlineData(HonorCadence.Monthly, "2026-03", 202603, "2026-03")]
    [InlineData(HonorCadence.OneOff, null, 0, null)]
    public void A_period_follows_the_title_s_cadence(HonorCadence cadence, string? text, int key, string? shown)
    {
        var period = HonorPeriod.Parse(cadence, text, Now);
        Assert.Equal((key, shown), (period.Key, period.Text));
    }

    [Theory]
    [InlineData(HonorCadence.Yearly, "2027")]
    [InlineData(HonorCadence.Yearly, "2026-01")]
    [InlineData(HonorCadence.Yearly, "26")]
    [InlineData(HonorCadence.Monthly, "2026-12")]
    [InlineData(HonorCadence.Monthly, "2026")]
    [InlineData(HonorCadence.OneOff, "2026")]
    public void A_period_of_the_wrong_form_or_in_the_future_is_refused(HonorCadence cadence, string text) =>
        Assert.Equal("period", Assert.Throws<DomainException>(() => HonorPeriod.Parse(cadence, text, Now)).Field);

    [Fact]
    public void A_title_keeps_its_bonus_within_the_limit_and_cannot_take_a_monthly_honour_s_name()
    {
        Assert.Equal("bonusPoints", Assert.Throws<DomainException>(() => Title(bonus: HonorSettings.MaxBonusPoints + 1)).Field);
        Assert.Equal("bonusPoints", Assert.Throws<DomainException>(() => Title(bonus: -1)).Field);
        Assert.Throws<DomainException>(() => HonorTitle.Define(Street, "月度服务之星", null, HonorSubject.Person, HonorCadence.Monthly, 0, AdminId, Now));
        Assert.Throws<DomainException>(() => HonorTitle.Define(Street, " ", null, HonorSubject.Person, HonorCadence.Monthly, 0, AdminId, Now));
    }

    [Fact]
    public void A_nomination_names_the_kind_of_subject_the_title_honours()
    {
        var person = Title();
        var household = Title(HonorSubject.Household);
        var period = HonorPeriod.Of(HonorCadence.Yearly, Now);
        Assert.Equal("householdId", Assert.Throws<DomainException>(() =>
            HonorNomination.ForHousehold(person, Guid.NewGuid(), Guid.NewGuid(), period, "理由", StaffId, Now)).Field);
        Assert.Equal("memberId", Assert.Throws<DomainException>(() =>
            HonorNomination.ForMember(household, Guid.NewGuid(), Guid.NewGuid(), period, "理由", StaffId, Now)).Field);
        Assert.Equal("reason", Assert.Throws<DomainException>(() =>
            HonorNomination.ForMember(person, Guid.NewGuid(), Guid.NewGuid(), period, "  ", StaffId, Now)).Field);
    }

    [Fact]
    public void A_retired_title_takes_no_nomination_and_a_decided_nomination_is_not_decided_again()
    {
        var title = Title();
        var nomination = HonorNomination.ForMember(title, Guid.NewGuid(), Guid.NewGuid(), HonorPeriod.Of(HonorCadence.Yearly, Now), "好人好事", StaffId, Now);
        title.Retire(Now);
        Assert.Equal("honorTitle.retired", Assert.Throws<DomainException>(() =>
            HonorNomination.ForMember(title, Guid.NewGuid(), Guid.NewGuid(), HonorPeriod.Of(HonorCadence.Yearly, Now), "好人好事", StaffId, Now)).Code);

        // A nomination made before the title was retired can still be decided.
        nomination.Approve(title, nomination.MemberId, AdminId, Now);
        Assert.Equal((NominationStatus.Approved, 100, nomination.MemberId), (nomination.Status, nomination.BonusPoints, nomination.BonusMemberId));
        Assert.Equal("nomination.decided", Assert.Throws<DomainException>(() => nomination.Approve(title, nomination.MemberId, AdminId, Now)).Code);
        Assert.Equal("nomination.decided", Assert.Throws<DomainException>(() => nomination.Reject("不符合", AdminId, Now)).Code);
        Assert.Equal($"表彰奖励：2026年度 东门社区 雄关好人", nomination.BonusReason("雄关好人", "东门社区"));
    }

    [Fact]
    public void A_household_without_a_head_can_hold_only_a_title_without_points()
    {
        var withBonus = Title(HonorSubject.Household, bonus: 200);
        var withoutBonus = HonorTitle.Define(Street, "五星级文明户", null, HonorSubject.Household, HonorCadence.Yearly, 0, AdminId, Now);
        var period = HonorPeriod.Of(HonorCadence.Yearly, Now);
        var a = HonorNomination.ForHousehold(withBonus, Guid.NewGuid(), Guid.NewGuid(), period, "家风好", StaffId, Now);
        Assert.Equal("nomination.noHouseholdHead", Assert.Throws<DomainException>(() => a.Approve(withBonus, null, AdminId, Now)).Code);
        Assert.Equal(NominationStatus.Pending, a.Status);

        var b = HonorNomination.ForHousehold(withoutBonus, Guid.NewGuid(), Guid.NewGuid(), period, "家风好", StaffId, Now);
        b.Approve(withoutBonus, null, AdminId, Now);
        Assert.Equal((NominationStatus.Approved, 0, (Guid?)null), (b.Status, b.BonusPoints, b.BonusMemberId));
    }

    [Fact]
    public void Shares_are_percentages_of_the_answers_and_none_when_nobody_answered()
    {
        // The street in the issue: 66.5 % / 18.5 % / 15 %.
        var tally = new SatisfactionTally(133, 37, 30);
        Assert.Equal((200, 66.5m, 18.5m, 15.0m), (tally.Total, tally.SatisfiedShare, tally.BasicallySatisfiedShare, tally.DissatisfiedShare));
        Assert.Null(SatisfactionTally.Empty.SatisfiedShare);
        Assert.Equal(new SatisfactionTally(2, 0, 1), SatisfactionTally.Of([SatisfactionLevel.Satisfied, SatisfactionLevel.Dissatisfied, SatisfactionLevel.Satisfied]));
        Assert.Equal(33.3m, Figures.Percent(1, 3));
        Assert.Null(Figures.Percent(1, 0));
    }

    [Fact]
    public void The_median_is_the_middle_value_or_the_mean_of_the_two_middle_values()
    {
        Assert.Null(Figures.Median([]));
        Assert.Equal(5, Figures.Median([9, 1, 5]));
        Assert.Equal(4, Figures.Median([10, 1, 3, 5]));
    }

    [Fact]
    public void A_need_is_rated_once_after_its_service_and_staff_rate_only_what_they_posted_for_the_resident()
    {
        var resident = Resident();
        var own = Need.Post(resident, new NeedDetails("修水管", null, TaskCategory.ElderlyCare, null, null, null), null, Now);
        Assert.Equal("satisfaction.notDone", Assert.Throws<DomainException>(() =>
            own.RateSatisfaction(SatisfactionLevel.Satisfied, null, true, resident.Id, false, Now)).Code);
        own.Approve(Terms(slots: 1), StaffId, Now);
        Assert.Equal("satisfaction.notDone", Assert.Throws<DomainException>(() =>
            own.RateSatisfaction(SatisfactionLevel.Satisfied, null, false, resident.Id, false, Now)).Code);
        Assert.Equal("satisfaction.requesterOnly", Assert.Throws<DomainException>(() =>
            own.RateSatisfaction(SatisfactionLevel.Satisfied, null, true, StaffId, true, Now)).Code);
        Assert.Equal("level", Assert.Throws<DomainException>(() =>
            own.RateSatisfaction((SatisfactionLevel)7, null, true, resident.Id, false, Now)).Field);

        own.RateSatisfaction(SatisfactionLevel.Dissatisfied, "  等了三天  ", true, resident.Id, false, Now);
        Assert.Equal((SatisfactionLevel.Dissatisfied, "等了三天", false), (own.Satisfaction, own.SatisfactionComment, own.SatisfactionRecordedByStaff));
        Assert.Equal("satisfaction.alreadyRated", Assert.Throws<DomainException>(() =>
            own.RateSatisfaction(SatisfactionLevel.Satisfied, null, true, resident.Id, false, Now)).Code);

        var forElder = Need.Post(resident, new NeedDetails("代买药", null, TaskCategory.ElderlyCare, null, null, null), StaffId, Now);
        forElder.Approve(Terms(slots: 1), StaffId, Now);
        forElder.RateSatisfaction(SatisfactionLevel.Satisfied, null, true, StaffId, true, Now);
        Assert.True(forElder.SatisfactionRecordedByStaff);
    }

    [Fact]
    public void A_survey_is_answered_by_its_community_within_its_window_once_per_household_key()
    {
        var community = Guid.NewGuid();
        var survey = Survey.Open(Street, community, "满意度调查", null, Now.AddHours(1), Now.AddDays(7), StaffId, Now);
        var member = Guid.NewGuid();
        Assert.Equal("survey.notOpen", Assert.Throws<DomainException>(() =>
            survey.Answer(member, community, null, SatisfactionLevel.Satisfied, null, Now)).Code);
        Assert.Equal("survey.notResident", Assert.Throws<DomainException>(() =>
            survey.Answer(member, Guid.NewGuid(), null, SatisfactionLevel.Satisfied, null, Now.AddHours(2))).Code);

        var alone = survey.Answer(member, community, null, SatisfactionLevel.Satisfied, null, Now.AddHours(2));
        Assert.Equal((member, (Guid?)null), (alone.HouseholdKey, alone.HouseholdId));
        var household = Guid.NewGuid();
        Assert.Equal(household, survey.Answer(Guid.NewGuid(), community, household, SatisfactionLevel.Satisfied, null, Now.AddHours(2)).HouseholdKey);
        Assert.Equal("survey.closed", Assert.Throws<DomainException>(() =>
            survey.Answer(member, community, null, SatisfactionLevel.Satisfied, null, Now.AddDays(8))).Code);

        Assert.Equal("closesAt", Assert.Throws<DomainException>(() =>
            Survey.Open(Street, community, "x", null, Now, Now.AddDays(93), StaffId, Now)).Field);
        Assert.Equal("closesAt", Assert.Throws<DomainException>(() =>
            Survey.Open(Street, community, "x", null, Now.AddDays(-3), Now.AddDays(-1), StaffId, Now)).Field);
    }
}
