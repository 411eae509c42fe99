namespace Volunteer.Api.Http;

public readonly record struct FieldError(string Field, string Message);

/// <summary>A request body that can say which of its fields are missing or malformed.</summary>
public interface IValidatableRequest
{
    IEnumerable<FieldError> Validate();
}

public static class Require
{
    public static FieldError? Present<T>(T? value, string field, string label) where T : struct =>
        value is null ? new FieldError(field, $"{label}为必填项。") : null;

    public static FieldError? Present(string? value, string field, string label) =>
        string.IsNullOrWhiteSpace(value) ? new FieldError(field, $"{label}为必填项。") : null;

    public static IEnumerable<FieldError> All(params FieldError?[] errors) =>
        errors.Where(e => e is not null).Select(e => e!.Value);
}

/// <summary>
/// Checks every <see cref="IValidatableRequest"/> argument before the handler runs, so a client
/// learns about all missing fields at once. Rules of the domain are checked by the entities.
/// Attached only to handlers with a parameter that can hold such a request (decided once, when the
/// endpoint is built): the reads (<c>GET /api/v1/tasks</c> …) skip the filter instead of looking
/// through their arguments on every request.
/// </summary>
internal static class ValidationFilter
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next) =>
        context.MethodInfo.GetParameters().Any(p => MayHoldRequest(p.ParameterType))
            ? invocation => ValidateThenAsync(invocation, next)
            : next;

    /// <summary>A parameter of a validatable type, or one declared loosely enough (object, an interface) to hold one.</summary>
    internal static bool MayHoldRequest(Type type) =>
        typeof(IValidatableRequest).IsAssignableFrom(type) || type == typeof(object) || type.IsInterface;

    private static async ValueTask<object?> ValidateThenAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (argument is not IValidatableRequest request)
                continue;
            var errors = request.Validate()
                .GroupBy(e => e.Field)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
            if (errors.Count > 0)
                throw new RequestValidationException(errors);
        }
        return await next(context);
    }
}
