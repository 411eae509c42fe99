using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Volunteer.Domain.Common;
using Volunteer.Domain.Needs;
using Volunteer.Domain.Tasks;
using Volunteer.Api.Console.Tasks;
using Volunteer.Infrastructure.Escalations;
using Volunteer.Infrastructure.Needs;

namespace Volunteer.Api.Console.Needs;

/// <summary>
/// <c>/console/needs/{id}</c>: a need with the task form prefilled from it (社区发单), rejection with a reason, or — for the
/// community's staff — raising it to the street when the community cannot meet it (吹哨报到).
/// </summary>
[Authorize(Policy = ConsoleAuth.StaffOrGridWorker)]
public sealed class ReviewModel(NeedQueries needs, ApproveNeed approve, RejectNeed reject, RaiseEscalation escalate, TimeProvider clock)
    : ConsolePageModel
{
    public Need Need { get; private set; } = null!;
    public string RequesterName { get; private set; } = "";

    [BindProperty] public TaskForm Form { get; set; } = new();

    /// <summary>Only the community's own staff raise a need to the street; a grid worker asks them.</summary>
    public bool CanEscalate => Need.Status == NeedStatus.Pending && Actor.IsStaffOf(Need.CommunityId);

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Form = TaskForm.From(Need, clock.GetUtcNow());
    }

    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        if (!Form.TryTerms(out var starts, out var ends, out var error))
        {
            Failure = error;
            return Page();
        }
        Guid? taskId = null;
        return await RunAsync(async () =>
            {
                var (_, task) = await approve.ExecuteAsync(Actor, id, new ApprovalTerms(Form.Title, Form.Description, Form.Category,
                    Form.Slots, Form.Points, starts, ends, Form.Address, Form.PartyMembersOnly, Need.GridId), ct);
                taskId = task.Id;
            }, "已发布为任务，居民可以认领了。",
            () => taskId is { } t ? Redirect($"/console/tasks/{t}") : Page());
    }

    public Task<IActionResult> OnPostRejectAsync(Guid id, string? reason, CancellationToken ct) =>
        RunAsync(() => reject.ExecuteAsync(Actor, id, reason, ct), "需求已驳回，居民可看到驳回原因。", () => Redirect("/console/needs"));

    public Task<IActionResult> OnPostEscalateAsync(Guid id, string? reason, CancellationToken ct) =>
        RunAsync(() => escalate.ExecuteAsync(Actor, id, reason, ct), "已上报街道，等待街道派单给职能部门；居民可在小程序查看办理进度。");

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        var need = await needs.ManagedAsync(Actor, id, ct);
        Need = need;
        RequesterName = (await needs.RequesterNamesAsync([need.RequesterId], ct)).GetValueOrDefault(need.RequesterId, "");
    }
}
