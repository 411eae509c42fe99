using System.Runtime.CompilerServices;
using Volunteer.Domain.Common;

namespace Volunteer.Api.Http;

/// <summary>
/// A request body for a PUT that changes only what it carries. JSON sets a property only when the
/// body names it, so each setter records that it was sent: a field left out keeps its stored value,
/// a field sent as <c>null</c> clears it (where clearing is allowed). A form that edits one field
/// therefore never wipes the others.
/// </summary>
public abstract class PartialRequest
{
    private readonly HashSet<string> _sent = new(StringComparer.Ordinal);

    /// <summary>Call from a property's setter: notes that the body named the property.</summary>
    protected T Sent<T>(T value, [CallerMemberName] string property = "")
    {
        _sent.Add(property);
        return value;
    }

    /// <summary>Whether the body named <paramref name="property"/> (its C# name).</summary>
    public bool WasSent(string property) => _sent.Contains(property);

    protected Optional<T> Field<T>(T value, string property) => WasSent(property) ? Optional<T>.To(value) : Optional<T>.Unchanged;

    /// <summary>A required field may be left out, but not sent empty.</summary>
    protected FieldError? NotCleared(string? value, string property, string field, string label) =>
        WasSent(property) && string.IsNullOrWhiteSpace(value) ? new FieldError(field, $"{label}不能为空。") : null;

    protected FieldError? NotCleared<TValue>(TValue? value, string property, string field, string label) where TValue : struct =>
        WasSent(property) && value is null ? new FieldError(field, $"{label}不能为空。") : null;
}
