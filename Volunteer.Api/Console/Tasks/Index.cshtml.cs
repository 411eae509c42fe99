using Microsoft.AspNetCore.Authorization;
using Volunteer.Infrastructure.Tasks;
using Volunteer.Domain.Tasks;

namespace Volunteer.Api.Console.Tasks;

/// <summary><c>/console/tasks</c>: the community's tasks, with how many claims wait for verification.</summary>
[Authorize(Policy = ConsoleAuth.StaffOrGridWorker)]
public sealed class IndexModel(TaskQueries tasks) : ConsolePageModel
{
    public IReadOnlyList<ManagedTaskRow> Tasks { get; private set; } = [];
    public ServiceTaskStatus? Status { get; private set; }

    public async Task OnGetAsync(ServiceTaskStatus? status, CancellationToken ct)
    {
        Status = status;
        Tasks = await tasks.ManagedAsync(Actor, status, 200, ct);
    }
}
