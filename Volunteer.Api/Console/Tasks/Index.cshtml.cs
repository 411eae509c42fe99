using Microsoft.AspNetCore.Authorization;
using Volunteer.Infrastructure.Tasks;
using TaskStatus = Volunteer.Domain.Tasks.TaskStatus;

namespace Volunteer.Api.Console.Tasks;

/// <summary><c>/console/tasks</c>: the community's tasks, with how many claims wait for verification.</summary>
[Authorize(Policy = ConsoleAuth.StaffOrGridWorker)]
public sealed class IndexModel(TaskQueries tasks) : ConsolePageModel
{
    public IReadOnlyList<ManagedTaskRow> Tasks { get; private set; } = [];
    public TaskStatus? Status { get; private set; }

    public async Task OnGetAsync(TaskStatus? status, CancellationToken ct)
    {
        Status = status;
        Tasks = await tasks.ManagedAsync(Actor, status, 200, ct);
    }
}
