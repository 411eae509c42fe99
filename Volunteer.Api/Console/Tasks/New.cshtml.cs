using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Volunteer.Infrastructure.Tasks;

namespace Volunteer.Api.Console.Tasks;

/// <summary><c>/console/tasks/new</c>: staff publish a task or activity directly (社区发单).</summary>
[Authorize(Policy = ConsoleAuth.StaffOrGridWorker)]
public sealed class NewModel(PublishTask publish, TimeProvider clock) : ConsolePageModel
{
    [BindProperty] public TaskForm Form { get; set; } = new();

    public void OnGet() => Form = TaskForm.Blank(clock.GetUtcNow());

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Form.TryTerms(out var starts, out var ends, out var error))
        {
            Failure = error;
            return Page();
        }
        Guid? taskId = null;
        return await RunAsync(async () => taskId = (await publish.ExecuteAsync(Actor, null, Form.ToTerms(starts, ends), ct)).Id,
            "任务已发布。", () => taskId is { } id ? Redirect($"/console/tasks/{id}") : Page());
    }
}
