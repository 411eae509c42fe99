using Volunteer.Domain.Common;
using Volunteer.Domain.Partners;

namespace Volunteer.Tests.Domain;

/// <summary>Months, dates and instants are accepted only where every computation on them stays in the calendar.</summary>
public class CalendarRangeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-10", null)]
    [InlineData("2999-12", null)]
    [InlineData("9999-12", "period.outOfRange")]
    [InlineData("1999-12", "period.outOfRange")]
    [InlineData("2026-00", "period.invalid")]
    [InlineData("2026-1", "period.invalid")]
    [InlineData(" 2026-10 ", null)]
    public void A_month_parses_inside_the_range_and_says_why_not_outside(string text, string? code)
    {
        if (code is null)
        {
            var period = CalendarRange.ParsePeriod(text, "period");
            Assert.True(period.EndsAt > period.StartsAt); // representable both ends
            return;
        }
        var error = Assert.Throws<DomainException>(() => CalendarRange.ParsePeriod(text, "period"));
        Assert.Equal((ErrorKind.Validation, code, "period"), (error.Kind, error.Code, error.Field));
    }

    [Fact]
    public void The_last_month_and_day_of_the_range_can_still_be_computed_with()
    {
        Assert.Equal(new DateTimeOffset(2999, 12, 31, 16, 0, 0, TimeSpan.Zero), CalendarRange.LastPeriod.EndsAt);
        Assert.Equal(new Period(1999, 12), CalendarRange.FirstPeriod.Previous());
        Assert.Equal(CalendarRange.LastDay, CalendarRange.Date(CalendarRange.LastDay, "date"));
        Assert.Equal(CalendarRange.LastDay.AddYears(CoBuildingAgreement.MaxYears), new DateOnly(3009, 12, 31));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00+00:00")]
    [InlineData("1999-12-31T15:59:59+00:00")]
    [InlineData("2999-12-31T16:00:00+00:00")]
    [InlineData("9999-12-31T23:59:59+00:00")]
    public void Instants_outside_the_range_in_china_time_are_refused(string text)
    {
        var error = Assert.Throws<DomainException>(() => CalendarRange.Instant(DateTimeOffset.Parse(text), "startsAt"));
        Assert.Equal(("date.outOfRange", "startsAt"), (error.Code, error.Field));
    }

    [Fact]
    public void An_agreement_reaching_past_the_calendar_is_refused_not_overflowed()
    {
        var error = Assert.Throws<DomainException>(() =>
            CoBuildingAgreement.Sign(Guid.NewGuid(), Guid.NewGuid(), new DateOnly(9995, 1, 1), new DateOnly(9999, 12, 31), Guid.NewGuid(), Now));
        Assert.Equal(("date.outOfRange", "startsOn"), (error.Code, error.Field));
    }
}
