namespace Volunteer.Infrastructure.Rankings;

/// <summary>
/// A scope's live board as a histogram: how many members have each value, read at
/// <see cref="ReadAt"/>. A resident below the first ranks of a board is ranked from it: 1 + the
/// members above their value, found by binary search, so their rank costs the same in a grid of 1,000
/// and a street of 100,000. Kept by <see cref="RankingQueries"/> for at most <see cref="MaxAge"/>.
/// </summary>
public sealed class LiveValueCounts
{
    /// <summary>
    /// How old the counts may be: a rank below the board follows other members' new points within
    /// this time (the board's first ranks, the total and one's own value are read fresh each time).
    /// </summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly int[] _values;   // distinct values, highest first
    private readonly int[] _above;    // members with a value greater than _values[i]
    private readonly int _members;
    private int _refreshing;

    /// <param name="counts">Each value with its number of members, highest value first.</param>
    public LiveValueCounts(IReadOnlyList<(int Value, int Members)> counts, DateTimeOffset readAt)
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
        ReadAt = readAt;
    }

    public DateTimeOffset ReadAt { get; }

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

    public bool IsStale(DateTimeOffset now) => now - ReadAt >= MaxAge;

    /// <summary>Whether this caller is the one to read fresh counts (one at a time; the others keep using these).</summary>
    public bool TryStartRefresh() => Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0;

    public void RefreshFailed() => Volatile.Write(ref _refreshing, 0);
}
