using System.Text.Json;
using Volunteer.Domain.Common;

namespace Volunteer.Api.Http;

/// <summary>
/// Enum values in query strings and routes, spelled as the JSON bodies spell them (camelCase:
/// <c>?status=pending</c>). Minimal APIs' own enum binding matches names case-sensitively.
/// </summary>
public static class QueryEnum
{
    public static T? Parse<T>(string? value, string name) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (!char.IsAsciiDigit(value[0]) && value[0] != '-' && Enum.TryParse<T>(value, ignoreCase: true, out var result) && Enum.IsDefined(result))
            return result;
        var allowed = string.Join("、", Enum.GetNames<T>().Select(JsonNamingPolicy.CamelCase.ConvertName));
        throw DomainException.Invalid(name, $"参数 {name} 的取值无效，可选：{allowed}。");
    }
}
