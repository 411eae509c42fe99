using Volunteer.Domain.Common;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Tasks;

namespace Volunteer.Api.Tasks;

/// <summary>Task answers for one viewer, from what <see cref="TaskListQueries"/> lets them see.</summary>
internal sealed class TaskViews(TaskListQueries queries)
{
    public async Task<IReadOnlyList<TaskResponse>> ForAsync(Actor actor, IReadOnlyList<ServiceTask> tasks, CancellationToken ct) =>
        (await queries.ViewsAsync(actor, tasks, ct)).Select(Of).ToList();

    public async Task<TaskResponse> ForAsync(Actor actor, ServiceTask task, CancellationToken ct) => Of(await queries.ViewAsync(actor, task, ct));

    /// <summary>The answer for a task as its viewer may see it: the address and position only where the address is shown.</summary>
    public static TaskResponse Of(TaskView t)
    {
        var visible = t.AddressVisible;
        return new TaskResponse(t.Id, t.CommunityId, t.GridId, t.NeedId, t.Title, t.Description, t.Category,
            visible ? t.Address : null, !visible, t.Slots, t.Taken, t.Remaining, t.Points, t.StartsAt, t.EndsAt,
            t.PartyMembersOnly, t.Status, t.CancelReason, t.CreatedAt,
            t.MyClaimId is { } id ? new MyClaimResponse(id, t.MyClaimStatus!.Value) : null,
            visible ? t.Latitude : null, visible ? t.Longitude : null);
    }
}
