using System.Collections.Concurrent;
using Volunteer.Domain.Tasks;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>
/// What this API instance knows of tasks it has seen claimed: their <see cref="PublishedTerms"/> (id, title, start) and
/// the street their community lies in, which a resident's next claim of the task quotes without reading the task
/// (<see cref="ClaimTask"/>).
/// </summary>
/// <remarks>
/// Nothing needs invalidating across instances: the terms do not change once a task is published, nor does the street
/// (a task keeps its community, a community its street), and the statement that uses the terms compares them with the
/// row anyway (<see cref="ClaimSql.ClaimAsMemberAsync"/>), so a stale entry only costs the claim its read again, never a
/// wrong row. Everything that does change (status, slots, the end, the member and their street) is checked by that
/// statement in the database, not taken from here. Bounded: past <see cref="Capacity"/> tasks it starts again empty (a
/// few hundred tasks are open at a time in a street; a forgotten one costs its next claim one read).
/// <para>A singleton of the host (registered in <c>InfrastructureSetup</c>), not a static: each host, and each test host
/// in one process, keeps its own.</para>
/// </remarks>
public sealed class PublishedTermsCache
{
    internal const int Capacity = 10_000;
    private readonly ConcurrentDictionary<Guid, KnownTask> _known = new();

    public KnownTask? Of(Guid taskId) => _known.TryGetValue(taskId, out var task) ? task : null;

    /// <summary>Remembers a task's terms and the street of its community, as the claim's read found them.</summary>
    public void Remember(PublishedTerms terms, Guid streetId)
    {
        if (_known.TryGetValue(terms.TaskId, out var known) && known.Terms == terms && known.StreetId == streetId)
            return;
        if (_known.Count >= Capacity)
            _known.Clear();
        _known[terms.TaskId] = new KnownTask(terms, streetId);
    }

    public void Forget(Guid taskId) => _known.TryRemove(taskId, out _);
}

/// <summary>A task as <see cref="PublishedTermsCache"/> knows it: its published terms and the street its community lies in.</summary>
public sealed record KnownTask(PublishedTerms Terms, Guid StreetId);
