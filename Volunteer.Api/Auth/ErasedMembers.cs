using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Volunteer.Infrastructure.Members;

namespace Volunteer.Api.Auth;

/// <summary>
/// Residents whose personal data was erased (注销) recently enough to still hold an unexpired token: their tokens
/// stop working. Each instance reads that short list once every 30 seconds instead of looking up every resident
/// who calls (a read, and a connection taken and reset, before a request's own work); an erasure made on this
/// instance applies at once, one made on another within the same 30 seconds as before.
/// Once the list is 30 seconds old, one background read renews it while requests go on with the list they have:
/// when every resident request waited for that read, each instance stalled for its length every 30 seconds
/// (~80 ms under load before the read had an index; the p99 of the load benchmark's paced reads). Only a list more
/// than a minute old (no list yet, or renewals failing) makes requests wait for a fresh one, as before.
/// </summary>
public sealed class ErasedMembers(IServiceScopeFactory scopes, TimeProvider clock, IOptions<AuthOptions> options,
    ILogger<ErasedMembers> logger)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Usable = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly ConcurrentDictionary<Guid, bool> _erasedHere = new();
    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(FrozenSet<Guid> Ids, DateTimeOffset TakenAt);

    public async ValueTask<bool> IsErasedAsync(Guid memberId, CancellationToken ct)
    {
        if (_erasedHere.ContainsKey(memberId))
            return true;
        var snapshot = _snapshot;
        var age = AgeOf(snapshot);
        if (snapshot is null || age > Usable)
            snapshot = await RefreshAsync(ct);
        else if (age > Fresh)
            RenewInBackground();
        return snapshot.Ids.Contains(memberId);
    }

    /// <summary>How old a list is; no list, or one from the future (the clock was set back), counts as too old to use.</summary>
    private TimeSpan AgeOf(Snapshot? snapshot) =>
        snapshot is not null && clock.GetUtcNow() - snapshot.TakenAt is var age && age >= TimeSpan.Zero ? age : TimeSpan.MaxValue;

    /// <summary>An erasure made by this instance: the member's tokens stop working now.</summary>
    public void Add(Guid memberId) => _erasedHere[memberId] = true;

    /// <summary>Starts one read of the list unless one is under way; the request that noticed does not wait for it.</summary>
    private void RenewInBackground()
    {
        if (!_refresh.Wait(0))
            return;
        _ = Task.Run(async () =>
        {
            try
            {
                await ReadAsync(CancellationToken.None);
            }
            catch (Exception ex)
            {
                // The list in hand stays in use for up to a minute; after that requests wait for a read again.
                logger.LogWarning(ex, "Renewing the list of erased residents failed");
            }
            finally
            {
                _refresh.Release();
            }
        });
    }

    private async Task<Snapshot> RefreshAsync(CancellationToken ct)
    {
        await _refresh.WaitAsync(ct);
        try
        {
            if (_snapshot is { } taken && AgeOf(taken) <= Fresh)
                return taken;
            return await ReadAsync(ct);
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async Task<Snapshot> ReadAsync(CancellationToken ct)
    {
        // A token issued before an erasure lives at most the resident token lifetime (plus the clock skew allowed).
        var now = clock.GetUtcNow();
        var since = now - options.Value.ResidentTokenLifetime - TimeSpan.FromMinutes(1);
        await using var scope = scopes.CreateAsyncScope();
        var ids = await scope.ServiceProvider.GetRequiredService<MemberQueries>().ErasedSinceAsync(since, ct);
        return _snapshot = new Snapshot(ids.ToFrozenSet(), now);
    }
}
