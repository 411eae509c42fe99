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
/// </summary>
internal sealed class ValidationFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
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
