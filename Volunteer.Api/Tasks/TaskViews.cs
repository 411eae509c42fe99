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

    public static IReadOnlyList<TaskResponse> Of(IReadOnlyList<TaskView> views)
    {
        var responses = new TaskResponse[views.Count];
        for (var i = 0; i < views.Count; i++)
            responses[i] = Of(views[i]);
        return responses;
    }

    private static TaskResponse Of(TaskView view)
    {
        var (t, visible) = (view.Task, view.AddressVisible);
        return new TaskResponse(t.Id, t.CommunityId, t.GridId, t.NeedId, t.Title, t.Description, t.Category,
            visible ? t.Address : null, !visible, t.Slots, t.Taken, t.Remaining, t.Points, t.StartsAt, t.EndsAt,
            t.PartyMembersOnly, t.Status, t.CancelReason, t.CreatedAt,
            view.MyClaimId is { } id ? new MyClaimResponse(id, view.MyClaimStatus!.Value) : null,
            visible ? t.Latitude : null, visible ? t.Longitude : null);
    }
}
