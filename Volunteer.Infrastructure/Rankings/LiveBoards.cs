using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Domain.Common;
using Volunteer.Domain.Rankings;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Rankings;

/// <summary>
/// The live leaderboards of this process, kept in memory: one <see cref="KeptBoard"/> per month, place,
/// list, metric and depth that someone looked at, read from the running totals in one pass and then
/// answered from memory (the page by position, a rank by binary search in the value counts, one's own
/// value by binary search in the members), so a request costs no database work and the same in a grid of
/// 1,000 as in a street of 100,000. The residents' homes (whose place a request without scopeId means, and
/// the street the access check compares) are kept the same way.
/// <para>
/// How fresh: a board is read again when a ledger entry written by this process has committed since it was
/// read (<see cref="LiveBoardChanges"/>: the next request waits for the new board, so a point earned through
/// this instance shows at once), and otherwise when it is <see cref="MaxAge"/> old (one request reads it
/// again, the others answer from the board they have meanwhile): points earned through another instance,
/// party membership and names changed since show within <see cref="MaxAge"/>; a resident's move within
/// <see cref="HomeMaxAge"/>.
/// </para>
/// </summary>
public sealed class LiveBoards(IServiceScopeFactory scopes, LiveBoardChanges changes, TimeProvider clock)
{
    /// <summary>How old a board may be before it is read again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How old a resident's home may be before it is read again: as long as a resident's token is trusted
    /// without a look-up (30 s), so a board request of a resident costs no statement while they keep looking.
    /// </summary>
    public static readonly TimeSpan HomeMaxAge = TimeSpan.FromSeconds(30);

    /// <summary>A board nobody read for this long is dropped.</summary>
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<BoardKey, Slot> _boards = new();
    private readonly ConcurrentDictionary<Guid, Home> _homes = new();
    private long _nextSweep;

    public readonly record struct BoardKey(int Period, RankingScope Scope, Guid ScopeId, RankingList List, RankingMetric Metric, int Depth);

    /// <summary>A resident's home as last read: their community, grid, the community's street, and their name.</summary>
    public sealed record Home(Guid CommunityId, Guid? GridId, Guid StreetId, string Name, DateTimeOffset ReadAt);

    /// <summary>The board of <paramref name="key"/>, fresh as described above; null when the place does not exist.</summary>
    public async Task<KeptBoard?> BoardAsync(BoardKey key, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        Sweep(now);
        var generation = changes.Generation;
        var slot = _boards.GetOrAdd(key, static _ => new Slot());
        slot.LastRead = now.UtcTicks;
        var board = slot.Board;
        var current = board is not null && board.Generation == generation;
        if (current && now - board!.ReadAt < MaxAge)
            return board.Place is null ? null : board;

        var loading = slot.Load(generation, () => ReadAsync(key, generation));
        if (current)
            return board!.Place is null ? null : board; // only old by time: answer from it while one request reads it again
        var fresh = await loading.WaitAsync(ct);
        return fresh.Place is null ? null : fresh;
    }

    /// <summary>A resident's home, read again when <see cref="HomeMaxAge"/> old; null when there is no such resident.</summary>
    public async Task<Home?> HomeAsync(Guid memberId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_homes.TryGetValue(memberId, out var home) && now - home.ReadAt < HomeMaxAge)
            return home;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VolunteerDbContext>();
        var read = await (
            from m in db.Members.AsNoTracking()
            join c in db.Communities on m.CommunityId equals c.Id
            where m.Id == memberId
            select new { CommunityId = c.Id, m.GridId, c.StreetId, m.Name }).SingleOrDefaultAsync(ct);
        if (read is null)
        {
            _homes.TryRemove(memberId, out _);
            return null;
        }
        home = new Home(read.CommunityId, read.GridId, read.StreetId, read.Name, now);
        _homes[memberId] = home;
        return home;
    }

    private async Task<KeptBoard> ReadAsync(BoardKey key, long generation)
    {
        var readAt = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VolunteerDbContext>();
        var place = await RankingAccess.PlaceAsync(db, key.Scope, key.ScopeId, CancellationToken.None);
        if (place is null)
            return new KeptBoard(generation, readAt, null, [], [], [], new LiveValueCounts([]));
        var rows = await RankingSql.ScopeValuesAsync(db, key.Period, key.Scope, key.ScopeId, key.List, key.Metric, CancellationToken.None);
        return await KeptBoard.BuildAsync(generation, readAt, place, rows, key.Depth,
            ids => new BoardQueries(db).NamesAsync(ids, CancellationToken.None));
    }

    /// <summary>Drops, at most once a minute, the boards and homes nobody read for a while.</summary>
    private void Sweep(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextSweep);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweep, now.UtcTicks + TimeSpan.TicksPerMinute, due) != due)
            return;
        foreach (var (key, slot) in _boards)
            if (now.UtcTicks - slot.LastRead > Idle.Ticks)
                _boards.TryRemove(key, out _);
        foreach (var (id, home) in _homes)
            if (now - home.ReadAt > Idle)
                _homes.TryRemove(id, out _);
    }

    /// <summary>One board's place in memory: the board last read, and the read under way (one at a time per generation).</summary>
    private sealed class Slot
    {
        private readonly Lock _gate = new();
        private Task<KeptBoard>? _loading;
        private long _loadingGeneration;

        public volatile KeptBoard? Board;
        public long LastRead;

        public Task<KeptBoard> Load(long generation, Func<Task<KeptBoard>> read)
        {
            lock (_gate)
            {
                // A read under way serves everyone who needs no newer generation than it started with.
                if (_loading is { IsCompleted: false } loading && _loadingGeneration >= generation)
                    return loading;
                _loadingGeneration = generation;
                _loading = Run(read);
                return _loading;
            }
        }

        private async Task<KeptBoard> Run(Func<Task<KeptBoard>> read)
        {
            await Task.Yield(); // the read runs on its own, not as part of the request that started it
            var board = await read();
            lock (_gate)
            {
                if (Board is null || board.Generation >= Board.Generation)
                    Board = board;
            }
            return board;
        }
    }
}

/// <summary>
/// One scope's live board for a list and metric, as read at <see cref="ReadAt"/>: the first ranks (the
/// board: everyone with a rank within the depth, ties at the cut included) with their names, the value
/// counts that rank anyone below them, and every member's value for their own place.
/// </summary>
public sealed class KeptBoard
{
    private readonly RankingSql.NamedRow[] _top;
    private readonly Guid[] _members;   // every member of the scope with a positive value, by id
    private readonly int[] _values;     // their values, in the same order

    internal KeptBoard(long generation, DateTimeOffset readAt, RankingPlace? place, RankingSql.NamedRow[] top, Guid[] members, int[] values,
        LiveValueCounts counts)
    {
        Generation = generation;
        ReadAt = readAt;
        Place = place;
        _top = top;
        _members = members;
        _values = values;
        Counts = counts;
    }

    public long Generation { get; }
    public DateTimeOffset ReadAt { get; }
    public RankingPlace? Place { get; }
    public LiveValueCounts Counts { get; }

    /// <summary>How many rows the board has (the first depth ranks, ties at the cut included).</summary>
    public int Total => _top.Length;

    /// <summary>A page of the board, by rank then member id.</summary>
    public ArraySegment<RankingSql.NamedRow> Page(int offset, int limit) =>
        offset >= _top.Length || limit <= 0 ? ArraySegment<RankingSql.NamedRow>.Empty
            : new ArraySegment<RankingSql.NamedRow>(_top, offset, Math.Min(limit, _top.Length - offset));

    /// <summary>
    /// A member's own place at any depth: their value and 1 + the members above it (competition ranking, as
    /// the board); null when they have no positive value here or are not on the list.
    /// </summary>
    public (int Value, int Rank)? PlaceOf(Guid memberId)
    {
        var i = Array.BinarySearch(_members, memberId);
        if (i < 0)
            return null;
        var value = _values[i];
        return (value, 1 + Counts.Above(value));
    }

    /// <summary>
    /// Builds a board from a scope's rows (in any order); names are read for the board's rows only. The rows
    /// are ordered highest value first and by member id among equals, as the monthly snapshot's:
    /// <see cref="Guid.CompareTo(Guid)"/> compares as unsigned fields and then bytes, which is the order of the
    /// id's text, PostgreSQL's uuid order and SQLite's order of the ids it stores as text.
    /// </summary>
    internal static async Task<KeptBoard> BuildAsync(long generation, DateTimeOffset readAt, RankingPlace place,
        List<RankingSql.MemberValue> rows, int depth, Func<IEnumerable<Guid>, Task<IReadOnlyDictionary<Guid, string>>> names)
    {
        rows.Sort(static (x, y) => x.Value != y.Value ? y.Value.CompareTo(x.Value) : x.MemberId.CompareTo(y.MemberId));
        var counts = new List<(int Value, int Members)>();
        foreach (var row in rows)
        {
            if (counts.Count > 0 && counts[^1].Value == row.Value)
                counts[^1] = (row.Value, counts[^1].Members + 1);
            else
                counts.Add((row.Value, 1));
        }
        var valueCounts = new LiveValueCounts(counts);

        // The board: rank ≤ depth, i.e. at least the value of the depth-th row (everyone tied with it included).
        var onBoard = Math.Min(rows.Count, depth);
        while (onBoard < rows.Count && onBoard > 0 && rows[onBoard].Value == rows[onBoard - 1].Value)
            onBoard++;
        var named = await names(rows.Take(onBoard).Select(r => r.MemberId));
        var top = new RankingSql.NamedRow[onBoard];
        for (var i = 0; i < onBoard; i++)
        {
            var name = named.GetValueOrDefault(rows[i].MemberId, "");
            top[i] = new RankingSql.NamedRow(rows[i].MemberId, name, rows[i].Value, 1 + valueCounts.Above(rows[i].Value),
                Masking.Name(name));
        }

        var members = new Guid[rows.Count];
        var values = new int[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            members[i] = rows[i].MemberId;
            values[i] = rows[i].Value;
        }
        Array.Sort(members, values);
        return new KeptBoard(generation, readAt, place, top, members, values, valueCounts);
    }
}
