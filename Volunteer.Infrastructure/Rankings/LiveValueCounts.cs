namespace Volunteer.Infrastructure.Rankings;

/// <summary>
/// A scope's live board as a histogram: how many members have each value. A member's rank is 1 + the
/// members above their value, found by binary search, so it costs the same in a grid of 1,000 and a
/// street of 100,000. Part of a <see cref="KeptBoard"/>.
/// </summary>
public sealed class LiveValueCounts
{
    private readonly int[] _values;   // distinct values, highest first
    private readonly int[] _above;    // members with a value greater than _values[i]
    private readonly int _members;

    /// <param name="counts">Each value with its number of members, highest value first.</param>
    public LiveValueCounts(IReadOnlyList<(int Value, int Members)> counts)
    {
        _values = new int[counts.Count];
        _above = new int[counts.Count];
        var members = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            if (i > 0 && counts[i].Value >= counts[i - 1].Value)
                throw new ArgumentException("Values must be distinct and in descending order.", nameof(counts));
            _values[i] = counts[i].Value;
            _above[i] = members;
            members += counts[i].Members;
        }
        _members = members;
    }

    /// <summary>The number of members with a value greater than <paramref name="value"/>.</summary>
    public int Above(int value)
    {
        // The first value not greater than the one asked for; everyone before it is above.
        int low = 0, high = _values.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_values[middle] > value)
                low = middle + 1;
            else
                high = middle;
        }
        return low < _values.Length ? _above[low] : _members;
    }
}
