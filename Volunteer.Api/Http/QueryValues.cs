using System.Text.Json;
using Volunteer.Domain.Common;

namespace Volunteer.Api.Http;

/// <summary>
/// Query-string values with clear answers when they are wrong. Enums are read by name only
/// (camelCase, as in JSON), never by number, so <c>scope=7</c> is refused like <c>scope=town</c>.
/// </summary>
public static class QueryValues
{
    public static Period RequiredPeriod(string? text, string field = "period") =>
        OptionalPeriod(text, field) ?? throw new DomainException(ErrorKind.Validation, CalendarRange.PeriodInvalidCode,
            $"{field} 为必填项，格式为 yyyy-MM，例如 2026-10。", field);

    /// <summary>A month as <c>yyyy-MM</c>: 400 <c>period.invalid</c> when malformed, <c>period.outOfRange</c> outside 2000-01…2999-12.</summary>
    public static Period? OptionalPeriod(string? text, string field = "period") =>
        string.IsNullOrWhiteSpace(text) ? null : CalendarRange.ParsePeriod(text, field);

    /// <summary>A day bound from the query string, inside the calendar the product can compute with (400 <c>date.outOfRange</c>).</summary>
    public static DateOnly? OptionalDate(DateOnly? day, string field) => day is { } d ? CalendarRange.Date(d, field) : null;

    /// <summary>A month that has ended, or the current one when <paramref name="allowCurrent"/>; never a future month.</summary>
    public static Period NotFuture(Period period, DateTimeOffset now, bool allowCurrent, string? hint = null, string field = "period")
    {
        var current = Period.Of(now);
        var comparison = period.CompareTo(current);
        if (comparison > 0)
            throw DomainException.Invalid(field, $"{period} 还未到来。");
        if (comparison == 0 && !allowCurrent)
            throw DomainException.Invalid(field, $"{period} 尚未结束，月度结果在次月 1 日生成。{hint}");
        return period;
    }

    public static T Enum<T>(string? text, string field, T fallback) where T : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(text))
            return fallback;
        foreach (var value in System.Enum.GetValues<T>())
            if (string.Equals(Name(value), text.Trim(), StringComparison.OrdinalIgnoreCase))
                return value;
        throw DomainException.Invalid(field, $"{field} 的取值无效，可选：{string.Join("、", System.Enum.GetValues<T>().Select(Name))}。");
    }

    public static string Name<T>(T value) where T : struct, System.Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
