namespace Volunteer.Domain.Common;

/// <summary>
/// China Standard Time is UTC+8 all year (no daylight saving), so a fixed offset is exact
/// and needs no time-zone database on the server.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset ToChina(DateTimeOffset instant) => instant.ToOffset(Offset);
}

/// <summary>A calendar month in China Standard Time: the period of rankings and monthly totals.</summary>
public readonly record struct Period(int Year, int Month) : IComparable<Period>
{
    public static Period Of(DateTimeOffset instant)
    {
        var local = ChinaTime.ToChina(instant);
        return new Period(local.Year, local.Month);
    }

    /// <summary>yyyymm, the form stored in the database (202610).</summary>
    public int Key => Year * 100 + Month;

    public static Period FromKey(int key) => new(key / 100, key % 100);

    public DateTimeOffset StartsAt => new DateTimeOffset(Year, Month, 1, 0, 0, 0, ChinaTime.Offset).ToUniversalTime();

    public DateTimeOffset EndsAt => Next().StartsAt;

    public Period Next() => Month == 12 ? new Period(Year + 1, 1) : new Period(Year, Month + 1);

    public Period Previous() => Month == 1 ? new Period(Year - 1, 12) : new Period(Year, Month - 1);

    public int CompareTo(Period other) => Key.CompareTo(other.Key);

    public override string ToString() => $"{Year:D4}-{Month:D2}";

    /// <summary>A well-formed <c>yyyy-MM</c> inside <see cref="CalendarRange"/>; false otherwise.</summary>
    public static bool TryParse(string? text, out Period period) =>
        TryParseFormat(text, out period) && CalendarRange.Contains(period);

    /// <summary>Reads <c>yyyy-MM</c> (any four-digit year); the range is <see cref="CalendarRange"/>'s to check.</summary>
    public static bool TryParseFormat(string? text, out Period period)
    {
        period = default;
        if (text is not { Length: 7 } || text[4] != '-' || text.AsSpan(0, 4).ContainsAnyExceptInRange('0', '9') || text.AsSpan(5, 2).ContainsAnyExceptInRange('0', '9')
            || !int.TryParse(text.AsSpan(0, 4), out var year) || !int.TryParse(text.AsSpan(5, 2), out var month)
            || month < 1 || month > 12)
            return false;
        period = new Period(year, month);
        return true;
    }
}
