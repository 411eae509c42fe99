using System.Collections.Concurrent;
using Volunteer.Domain.Tasks;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>
/// What this API instance knows of tasks it has seen claimed: their <see cref="PublishedTerms"/> (id, title, start),
/// which a resident's next claim of the task quotes without reading the task (<see cref="ClaimTask"/>).
/// </summary>
/// <remarks>
/// Nothing needs invalidating across instances: the terms do not change once a task is published, and the statement
/// that uses them compares them with the row anyway (<see cref="ClaimSql.ClaimAsMemberAsync"/>), so a stale entry
/// only costs the claim its read again, never a wrong row. Everything that does change (status, slots, the end, the
/// member) is checked by that statement in the database, not taken from here. Bounded: past
/// <see cref="Capacity"/> tasks it starts again empty (a few hundred tasks are open at a time in a street; a
/// forgotten one costs its next claim one read).
/// </remarks>
internal static class PublishedTermsCache
{
    internal const int Capacity = 10_000;
    private static readonly ConcurrentDictionary<Guid, PublishedTerms> Known = new();

    public static PublishedTerms? Of(Guid taskId) => Known.TryGetValue(taskId, out var terms) ? terms : null;

    public static void Remember(PublishedTerms terms)
    {
        if (Known.TryGetValue(terms.TaskId, out var known) && known == terms)
            return;
        if (Known.Count >= Capacity)
            Known.Clear();
        Known[terms.TaskId] = terms;
    }

    public static void Forget(Guid taskId) => Known.TryRemove(taskId, out _);
}
