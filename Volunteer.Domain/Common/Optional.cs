namespace Volunteer.Domain.Common;

/// <summary>
/// One field of a partial update: either left out (<see cref="IsSet"/> false: keep what is stored)
/// or sent (set it to <see cref="Value"/>; for a clearable field, null clears it). Nothing a person
/// did not send is changed.
/// </summary>
public readonly record struct Optional<T>(bool IsSet, T Value)
{
    public static Optional<T> Unchanged => default;

    public static Optional<T> To(T value) => new(true, value);

    /// <summary>The sent value, or <paramref name="current"/> when the field was left out.</summary>
    public T Or(T current) => IsSet ? Value : current;
}
