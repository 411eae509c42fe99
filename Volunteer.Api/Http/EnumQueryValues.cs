using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using Volunteer.Domain.Common;

namespace Volunteer.Api.Http;

/// <summary>
/// Lets enum parameters in query strings and routes take the values JSON bodies and the API
/// document use (<c>?category=elderlyCare</c>, <c>/badges/partyModelShop</c>). Minimal APIs bind enums
/// with the case-sensitive <c>Enum.TryParse</c>, which knows only C# member names and also takes
/// numbers; this maps each documented value to its member name before binding and refuses
/// anything else with a 400 that lists the allowed values.
/// </summary>
internal sealed class EnumQueryValues(RequestDelegate next)
{
    private readonly ConcurrentDictionary<Endpoint, Dictionary<string, Type>> _enumParameters = new();

    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is { } endpoint && endpoint.Metadata.GetMetadata<MethodInfo>() is { } handler)
        {
            var enums = _enumParameters.GetOrAdd(endpoint, _ => EnumParametersOf(handler));
            if (enums.Count > 0)
            {
                RewriteQuery(context.Request, enums);
                RewriteRoute(context.Request, enums);
            }
        }
        return next(context);
    }

    private static Dictionary<string, Type> EnumParametersOf(MethodInfo handler) =>
        handler.GetParameters()
            .Select(p => (Name: p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.GetCustomAttribute<FromRouteAttribute>()?.Name ?? p.Name,
                Type: Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType))
            .Where(p => p.Name is not null && p.Type.IsEnum)
            .ToDictionary(p => p.Name!, p => p.Type, StringComparer.OrdinalIgnoreCase);

    private static void RewriteQuery(HttpRequest request, Dictionary<string, Type> enums)
    {
        if (!request.QueryString.HasValue)
            return;
        // Most requests name no enum parameter (?communityId=…): keep their query as parsed.
        var named = false;
        foreach (var key in request.Query.Keys)
            named |= enums.ContainsKey(key);
        if (!named)
            return;
        var query = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, values) in request.Query)
            query[key] = enums.TryGetValue(key, out var type)
                ? values.Select(v => MemberName(type, key, v)).ToArray()
                : values;
        request.Query = new QueryCollection(query);
    }

    private static void RewriteRoute(HttpRequest request, Dictionary<string, Type> enums)
    {
        foreach (var (key, type) in enums)
            if (request.RouteValues.TryGetValue(key, out var value) && value is string text)
                request.RouteValues[key] = MemberName(type, key, text);
    }

    private static string? MemberName(Type type, string parameter, string? value)
    {
        if (string.IsNullOrEmpty(value))
            return value;
        return Enum.GetNames(type).FirstOrDefault(n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase))
            ?? throw DomainException.Invalid(parameter, $"参数 {parameter} 的取值无效，可选："
                + string.Join("、", Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName)) + "。");
    }
}
