using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;

namespace Volunteer.Api.Http;

/// <summary>
/// Lets query filters take enum values as JSON bodies and the API document spell them
/// (<c>?category=elderlyCare</c>). Minimal APIs bind an enum parameter with the case-sensitive
/// <c>Enum.TryParse</c>, which knows only the C# member names (<c>ElderlyCare</c>), so this maps a value
/// to its member name before binding. Unknown values are left as they are, for binding to refuse (400).
/// </summary>
internal sealed class EnumQueryValues(RequestDelegate next)
{
    private readonly ConcurrentDictionary<Endpoint, Dictionary<string, Type>> _enumParameters = new();

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.QueryString.HasValue && context.GetEndpoint() is { } endpoint
            && endpoint.Metadata.GetMetadata<MethodInfo>() is { } handler)
        {
            var enums = _enumParameters.GetOrAdd(endpoint, _ => EnumParametersOf(handler));
            if (enums.Count > 0)
                Rewrite(context.Request, enums);
        }
        return next(context);
    }

    private static Dictionary<string, Type> EnumParametersOf(MethodInfo handler) =>
        handler.GetParameters()
            .Select(p => (Name: p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.Name, Type: Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType))
            .Where(p => p.Name is not null && p.Type.IsEnum)
            .ToDictionary(p => p.Name!, p => p.Type, StringComparer.OrdinalIgnoreCase);

    private static void Rewrite(HttpRequest request, Dictionary<string, Type> enums)
    {
        var query = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        var changed = false;
        foreach (var (key, values) in request.Query)
        {
            if (enums.TryGetValue(key, out var type))
            {
                var names = values.Select(v => Enum.GetNames(type).FirstOrDefault(n => string.Equals(n, v, StringComparison.OrdinalIgnoreCase)) ?? v).ToArray();
                changed |= !names.SequenceEqual(values);
                query[key] = names;
            }
            else
            {
                query[key] = values;
            }
        }
        if (changed)
            request.Query = new QueryCollection(query);
    }
}
