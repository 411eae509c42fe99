using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Volunteer.Domain.Tasks;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>The task list's micro-cache (<c>Tasks:ListCache:</c> section).</summary>
public sealed class TaskListCacheOptions
{
    public const string Section = "Tasks:ListCache";

    /// <summary>How long a shared page is kept, in seconds (0 turns the cache off). Other instances' changes show within it.</summary>
    public double Seconds { get; set; } = 1;

    /// <summary>At most this many pages are kept (community, page, size).</summary>
    public int MaxEntries { get; set; } = 256;

    /// <summary>At most about this many bytes of pages are kept (the rows' strings and values, estimated).</summary>
    public long MaxBytes { get; set; } = 4 * 1024 * 1024;

    public bool IsValid => Seconds is >= 0 and <= 60 && MaxEntries >= 1 && MaxBytes >= 1024;
}

/// <summary>
/// Counts the changes of <c>"Tasks"</c> made through this app, once they are committed: every statement this app sends
/// through EF Core that writes the table (EF Core's own <c>INSERT</c>/<c>UPDATE</c>/<c>DELETE</c>, <c>ExecuteUpdate</c>,
/// <c>ExecuteDelete</c> and raw SQL such as <see cref="ClaimSql"/>'s, all of which go through the command interceptors)
/// advances <see cref="Generation"/> — at once when it ran on its own, or when its transaction commits. A page of the
/// task list read before (<see cref="TaskListCache"/>) carries an older generation and is not served again, so every
/// write on this instance (publish, edit, cancel, claim, cancel a claim, check-in/out, verification, no-shows, closing
/// ended tasks, hiding a wish, erasure, …) shows in the next list without any call of its own to remember.
/// </summary>
/// <remarks>One per app, on every DbContext of it (<c>PersistenceSetup</c>); like <c>LiveBoardChanges</c>.</remarks>
public sealed class TaskListChanges : IDbCommandInterceptor, IDbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbTransaction, object> Pending = new();
    private static readonly object Marker = new();
    private long _generation;

    /// <summary>Advances with every committed change of <c>"Tasks"</c> made through this app.</summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>Counts a change made outside EF Core's command pipeline (none today); after it is committed.</summary>
    public void Changed() => Interlocked.Increment(ref _generation);

    /// <summary>Whether <paramref name="sql"/> writes <c>"Tasks"</c> (as EF Core and the hand-written statements spell it).</summary>
    internal static bool WritesTasks(string? sql) =>
        sql is not null
        && (sql.Contains("UPDATE \"Tasks\"", StringComparison.Ordinal)
            || sql.Contains("INSERT INTO \"Tasks\"", StringComparison.Ordinal)
            || sql.Contains("DELETE FROM \"Tasks\"", StringComparison.Ordinal));

    private void Executed(DbCommand command)
    {
        if (!WritesTasks(command.CommandText))
            return;
        if (command.Transaction is { } transaction)
            Pending.AddOrUpdate(transaction, Marker);
        // Also now: harmless inside a transaction (a page read meanwhile is only read again), needed outside one.
        Changed();
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Executed(command);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Executed(command);
        return ValueTask.FromResult(result);
    }

    public DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Executed(command);
        return result;
    }

    public ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        Executed(command);
        return ValueTask.FromResult(result);
    }

    public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Executed(command);
        return result;
    }

    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
        CancellationToken cancellationToken = default)
    {
        Executed(command);
        return ValueTask.FromResult(result);
    }

    /// <summary>A statement that returns rows ends when its reader closes: a write's autocommit is surely done by then.</summary>
    public InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        if (command.Transaction is null && WritesTasks(command.CommandText))
            Changed();
        return result;
    }

    public ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        if (command.Transaction is null && WritesTasks(command.CommandText))
            Changed();
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(transaction);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Pending.Remove(transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Pending.Remove(transaction);
        return Task.CompletedTask;
    }

    private void Committed(DbTransaction transaction)
    {
        if (Pending.Remove(transaction))
            Changed();
    }
}

/// <summary>
/// The part of a page of the mini-program's task list that every resident of the street sees alike: the rows of one
/// community (wishes hidden from the wall left out), the total, and who has a wish hidden from the wall there (those
/// residents are answered without the cache: only they see their hidden wish). The viewer's own parts (home street,
/// live claims, the address rule) are never in it.
/// </summary>
internal sealed class SharedTaskPage(TaskView[] rows, int total, HashSet<Guid> hiddenWishers, long generation, DateTimeOffset expiresAt)
{
    public TaskView[] Rows { get; } = rows;
    public int Total { get; } = total;
    public HashSet<Guid> HiddenWishers { get; } = hiddenWishers;
    public long Generation { get; } = generation;
    public DateTimeOffset ExpiresAt { get; } = expiresAt;
    public long Bytes { get; } = Estimate(rows, hiddenWishers);

    /// <summary>The rows' ids, for the viewer's statement (read only).</summary>
    public Guid[] Ids { get; } = Array.ConvertAll(rows, r => r.Id);

    /// <summary>
    /// Each row as a viewer sees it who has no live claim on it and no right of their own to a sensitive address (the
    /// requester, staff, a grid worker of it, an accepted volunteer): what <c>TaskListQueries.JudgeAsync</c> makes of the
    /// row for such a viewer. Most viewers see most rows so.
    /// </summary>
    public TaskView[] CommonViews { get; } = Array.ConvertAll(rows, r => r with { AddressVisible = ServiceTask.AddressVisible(r.IsSensitive, false, false, false) });

    private object? _answers;

    /// <summary>
    /// The answers to <see cref="CommonViews"/>, made once per page by <paramref name="answer"/> (a pure function of the
    /// view): a viewer whose judged view of a row equals its common view is given the same answer object, byte for byte
    /// what <paramref name="answer"/> would make for them, without making it again.
    /// </summary>
    public T[] CommonAnswers<T>(Func<TaskView, T> answer)
    {
        if (_answers is Answers<T> made && made.Answer == answer)
            return made.Items;
        var items = Array.ConvertAll(CommonViews, v => answer(v));
        _answers = new Answers<T>(answer, items); // two requests may both make them at first: either is kept
        return items;
    }

    private sealed record Answers<T>(Func<TaskView, T> Answer, T[] Items);

    private static long Estimate(TaskView[] rows, HashSet<Guid> hiddenWishers)
    {
        // The rows, their common views and answers (~300 bytes each), the ids, who has a hidden wish.
        long bytes = 200 + (long)rows.Length * (2 * Unsafe.SizeOf<TaskView>() + 300 + 16) + 40L * hiddenWishers.Count;
        foreach (var r in rows)
            bytes += Text(r.Title) + Text(r.Description) + Text(r.Address) + Text(r.CancelReason);
        return bytes;
        static long Text(string? s) => s is null ? 0 : 26 + 2L * s.Length;
    }
}

/// <summary>
/// Keeps the shared part of the task list's pages (<see cref="SharedTaskPage"/>) for <see cref="TaskListCacheOptions.Seconds"/>
/// (default 1 s; 0 = off). A page is served only while no change of <c>"Tasks"</c> was committed through this app since
/// it was read (<see cref="TaskListChanges"/>); changes made by other instances show when it expires. Bounded by
/// <see cref="TaskListCacheOptions.MaxEntries"/> and <see cref="TaskListCacheOptions.MaxBytes"/>: past either, expired
/// and outdated pages go first, then the oldest.
/// </summary>
/// <remarks>A singleton of the host (<c>InfrastructureSetup</c>): each host, and each test host in one process, keeps its own.</remarks>
public sealed class TaskListCache(TaskListChanges changes, IOptions<TaskListCacheOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(Guid Community, int Skip, int Take), SharedTaskPage> _pages = new();
    private readonly ConcurrentDictionary<(Guid Community, int Skip, int Take), Flight> _flights = new();
    private readonly Lock _writing = new();
    private readonly TimeSpan _lifetime = TimeSpan.FromSeconds(options.Value.Seconds);
    private readonly int _maxEntries = options.Value.MaxEntries;
    private readonly long _maxBytes = options.Value.MaxBytes;
    private long _bytes;

    public bool Enabled => _lifetime > TimeSpan.Zero;

    /// <summary>How many pages are kept, and their estimated bytes (for tests and diagnostics).</summary>
    public (int Entries, long Bytes) Size
    {
        get
        {
            lock (_writing)
                return (_pages.Count, _bytes);
        }
    }

    /// <summary>The generation to read a page under: pass it to <see cref="Store"/> with what was read after this call.</summary>
    internal long Generation => changes.Generation;

    /// <summary>
    /// A page <see cref="Find"/> did not have, as this request may be answered: from the read another request of this
    /// instance is making of it under the same generation (single flight: when a page expires, or a change empties it, the requests
    /// that miss it at that moment wait for one shared read instead of each sending their own), or read by
    /// <paramref name="read"/> and kept. A request that joins a read made under an older generation would not see a
    /// change committed before it started, so it only joins a read of the current one. When the read it waited for
    /// fails or is cancelled (that request's own cancellation), it reads the page itself.
    /// </summary>
    internal async Task<SharedTaskPage> ReadOnceAsync(Guid communityId, int skip, int take, Func<Task<SharedTaskPage>> read,
        CancellationToken ct)
    {
        var key = (communityId, skip, take);
        var mine = new Flight(changes.Generation);
        var flight = _flights.GetOrAdd(key, mine);
        if (flight != mine)
        {
            // A read under an older generation may predate a change this request must see, and one under a newer
            // generation (a change committed since this request looked) is rare: either way, read alone.
            if (flight.Generation != mine.Generation)
                return await read().ConfigureAwait(false);
            try
            {
                return await flight.Page.Task.WaitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return await read().ConfigureAwait(false); // that read failed or was cancelled: this request's own, as without the flight
            }
        }
        try
        {
            // The read before this one may have kept the page between this request's look and its flight.
            var page = Find(communityId, skip, take) ?? await read().ConfigureAwait(false);
            mine.Page.TrySetResult(page);
            return page;
        }
        catch
        {
            mine.Page.TrySetCanceled(); // the waiters read for themselves (and see their own error, if it is the database's)
            throw;
        }
        finally
        {
            _flights.TryRemove(new KeyValuePair<(Guid, int, int), Flight>(key, mine));
        }
    }

    /// <summary>A read of a page under way, for the requests that miss the same page meanwhile.</summary>
    private sealed class Flight(long generation)
    {
        public long Generation { get; } = generation;
        public TaskCompletionSource<SharedTaskPage> Page { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    internal SharedTaskPage? Find(Guid communityId, int skip, int take) =>
        _pages.TryGetValue((communityId, skip, take), out var page) && page.Generation == changes.Generation && clock.GetUtcNow() < page.ExpiresAt
            ? page
            : null;

    /// <summary>
    /// Makes the page read under <paramref name="generation"/> (started at <paramref name="readFrom"/>) and keeps it,
    /// unless a change of <c>"Tasks"</c> was committed here meanwhile (it might predate it).
    /// </summary>
    internal SharedTaskPage Store(Guid communityId, int skip, int take, TaskView[] rows, int total, HashSet<Guid> hiddenWishers,
        long generation, DateTimeOffset readFrom)
    {
        var page = new SharedTaskPage(rows, total, hiddenWishers, generation, readFrom + _lifetime);
        if (page.Bytes > _maxBytes || generation != changes.Generation)
            return page;
        lock (_writing)
        {
            var key = (communityId, skip, take);
            if (_pages.TryRemove(key, out var old))
                _bytes -= old.Bytes;
            _pages[key] = page;
            _bytes += page.Bytes;
            if (_pages.Count > _maxEntries || _bytes > _maxBytes)
                Evict(key);
        }
        return page;
    }

    private void Evict((Guid, int, int) keep)
    {
        var now = clock.GetUtcNow();
        var current = changes.Generation;
        foreach (var (key, page) in _pages)
            if ((page.Generation != current || page.ExpiresAt <= now) && _pages.TryRemove(key, out var gone))
                _bytes -= gone.Bytes;
        if (_pages.Count <= _maxEntries && _bytes <= _maxBytes)
            return;
        foreach (var (key, _) in _pages.OrderBy(p => p.Value.ExpiresAt).ToList())
        {
            if (_pages.Count <= _maxEntries && _bytes <= _maxBytes)
                break;
            if (!key.Equals(keep) && _pages.TryRemove(key, out var gone))
                _bytes -= gone.Bytes;
        }
    }
}
