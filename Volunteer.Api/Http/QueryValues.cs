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
        OptionalPeriod(text, field) ?? throw DomainException.Invalid(field, $"{field} 为必填项，格式为 yyyy-MM，例如 2026-10。");

    public static Period? OptionalPeriod(string? text, string field = "period")
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        return Period.TryParse(text.Trim(), out var period)
            ? period
            : throw DomainException.Invalid(field, $"{field} 的格式应为 yyyy-MM，例如 2026-10。");
    }

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
