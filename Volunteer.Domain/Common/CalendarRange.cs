namespace Volunteer.Domain.Common;

/// <summary>
/// The dates, instants and months the product accepts from anyone: 2000-01-01 to 2999-12-31 (China
/// time). Inside this range every computation the product makes (a month's end, a task's check-in
/// window, an agreement's ten-year limit, a day in UTC) stays representable, so a far-off value
/// is a 400 with a stable code instead of an arithmetic overflow. Every period, date and instant
/// parameter goes through here.
/// </summary>
public static class CalendarRange
{
    public static readonly Period FirstPeriod = new(2000, 1);
    public static readonly Period LastPeriod = new(2999, 12);
    public static readonly DateOnly FirstDay = new(2000, 1, 1);
    public static readonly DateOnly LastDay = new(2999, 12, 31);

    public const string PeriodInvalidCode = "period.invalid";
    public const string PeriodOutOfRangeCode = "period.outOfRange";
    public const string DateOutOfRangeCode = "date.outOfRange";

    public static bool Contains(Period period) => period.CompareTo(FirstPeriod) >= 0 && period.CompareTo(LastPeriod) <= 0;

    public static bool Contains(DateOnly day) => day >= FirstDay && day <= LastDay;

    /// <summary>Parses <c>yyyy-MM</c>; malformed is <c>period.invalid</c>, outside the range <c>period.outOfRange</c>.</summary>
    public static Period ParsePeriod(string text, string field)
    {
        if (!Period.TryParseFormat(text.Trim(), out var period))
            throw new DomainException(ErrorKind.Validation, PeriodInvalidCode, $"{field} 的格式应为 yyyy-MM，例如 2026-10。", field);
        return Month(period, field);
    }

    public static Period Month(Period period, string field) => Contains(period)
        ? period
        : throw new DomainException(ErrorKind.Validation, PeriodOutOfRangeCode,
            $"{field} 须在 {FirstPeriod} 到 {LastPeriod} 之间。", field);

    public static DateOnly Date(DateOnly day, string field) => Contains(day)
        ? day
        : throw OutOfRange(field);

    /// <summary>An instant whose China date lies in the range; returned in UTC.</summary>
    public static DateTimeOffset Instant(DateTimeOffset instant, string field)
    {
        var utc = instant.ToUniversalTime();
        // Compare in UTC first: converting an instant at the very edge of the calendar could itself overflow.
        if (utc.Year < FirstDay.Year - 1 || utc.Year > LastDay.Year + 1)
            throw OutOfRange(field);
        return Contains(DateOnly.FromDateTime(ChinaTime.ToChina(utc).DateTime)) ? utc : throw OutOfRange(field);
    }

    private static DomainException OutOfRange(string field) =>
        new(ErrorKind.Validation, DateOutOfRangeCode, $"{field} 须在 {FirstDay:yyyy-MM-dd} 到 {LastDay:yyyy-MM-dd} 之间。", field);
}
