namespace Volunteer.Domain.Common;

/// <summary>How a broken rule reaches the caller; the API maps each kind to one HTTP status.</summary>
public enum ErrorKind
{
    Validation,
    NotFound,
    Forbidden,
    Conflict,
    Unprocessable,
    TooManyRequests,
    Unauthorized,
    Unavailable,
    /// <summary>An upload larger than its limit (413).</summary>
    TooLarge,
}

/// <summary>
/// A rule of the domain was broken. <see cref="Code"/> is stable for clients to branch on;
/// the message is shown to users, so it is written in Chinese.
/// </summary>
public class DomainException(ErrorKind kind, string code, string message, string? field = null) : Exception(message)
{
    public ErrorKind Kind { get; } = kind;
    public string Code { get; } = code;

    /// <summary>The request field the error is about, when there is one (validation errors).</summary>
    public string? Field { get; } = field;

    /// <summary>Facts the caller can act on beyond the message (e.g. how far away a check-in was), added to the ProblemDetails.</summary>
    public virtual IReadOnlyDictionary<string, object?> Facts { get; } = new Dictionary<string, object?>();

    public static DomainException Invalid(string field, string message) => new(ErrorKind.Validation, "validation", message, field);
    public static DomainException NotFound(string code, string message) => new(ErrorKind.NotFound, code, message);
    public static DomainException Forbidden(string code, string message) => new(ErrorKind.Forbidden, code, message);
    public static DomainException Conflict(string code, string message) => new(ErrorKind.Conflict, code, message);
}
