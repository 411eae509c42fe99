using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Volunteer.Infrastructure.Members;

namespace Volunteer.Api.Auth;

/// <summary>
/// Residents whose personal data was erased (注销) recently enough to still hold an unexpired token: their tokens
/// stop working. Each instance reads that short list once every 30 seconds instead of looking up every resident
/// who calls (a read, and a connection taken and reset, before a request's own work); an erasure made on this
/// instance applies at once, one made on another within the same 30 seconds as before.
/// </summary>
public sealed class ErasedMembers(IServiceScopeFactory scopes, TimeProvider clock, IOptions<AuthOptions> options)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly ConcurrentDictionary<Guid, bool> _erasedHere = new();
    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(FrozenSet<Guid> Ids, long TakenAt)
    {
        public bool IsFresh => Stopwatch.GetElapsedTime(TakenAt) <= Fresh;
    }

    public async ValueTask<bool> IsErasedAsync(Guid memberId, CancellationToken ct)
    {
        if (_erasedHere.ContainsKey(memberId))
            return true;
        var snapshot = _snapshot is { IsFresh: true } fresh ? fresh : await RefreshAsync(ct);
        return snapshot.Ids.Contains(memberId);
    }

    /// <summary>An erasure made by this instance: the member's tokens stop working now.</summary>
    public void Add(Guid memberId) => _erasedHere[memberId] = true;

    private async Task<Snapshot> RefreshAsync(CancellationToken ct)
    {
        await _refresh.WaitAsync(ct);
        try
        {
            if (_snapshot is { IsFresh: true } fresh)
                return fresh;
            // A token issued before an erasure lives at most the resident token lifetime (plus the clock skew allowed).
            var since = clock.GetUtcNow() - options.Value.ResidentTokenLifetime - TimeSpan.FromMinutes(1);
            await using var scope = scopes.CreateAsyncScope();
            var ids = await scope.ServiceProvider.GetRequiredService<MemberQueries>().ErasedSinceAsync(since, ct);
            return _snapshot = new Snapshot(ids.ToFrozenSet(), Stopwatch.GetTimestamp());
        }
        finally
        {
            _refresh.Release();
        }
    }
}
