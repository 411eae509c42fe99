using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Tasks;

namespace Volunteer.Api.Console.Tasks;

/// <summary><c>/console/tasks/{id}</c>: one task, its claims (verify here), cancellation with a reason.</summary>
[Authorize(Policy = ConsoleAuth.StaffOrGridWorker)]
public sealed class DetailModel(TaskQueries tasks, CancelTask cancel, ClaimQueries claimQueries) : ConsolePageModel
{
    public ServiceTask Task { get; private set; } = null!;
    public IReadOnlyList<ClaimRow> Claims { get; private set; } = [];

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        Task = await tasks.ManagedTaskAsync(Actor, id, ct);
        Claims = await tasks.ClaimsOfTaskAsync(Actor, id, ct);
        ViewData[ClaimPhotos.ViewDataKey] = await claimQueries.PhotosAsync(Claims.Select(c => c.Claim.Id).ToList(), ct);
    }

    public Task<IActionResult> OnPostCancelAsync(Guid id, string? reason, CancellationToken ct) =>
        RunAsync(() => cancel.ExecuteAsync(Actor, id, reason, ct), "任务已取消，认领人会看到取消原因。");
}
