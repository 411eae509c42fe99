using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Volunteer.Domain.Common;
using Volunteer.Domain.Escalations;
using Volunteer.Infrastructure.Escalations;

namespace Volunteer.Api.Console.Escalations;

/// <summary>
/// <c>/console/escalations</c> (吹哨报到): the street admin's queue with the dispatch form; department staff's
/// list of what was sent to their department, with report-in (报到) and resolve forms. Thin over the API's use cases.
/// </summary>
[Authorize(Policy = ConsoleAuth.Escalations)]
public sealed class IndexModel(EscalationQueries queries, DispatchEscalation dispatch, AcknowledgeEscalation acknowledge,
    ResolveEscalation resolve, TimeProvider clock) : ConsolePageModel
{
    public IReadOnlyList<Escalation> Items { get; private set; } = [];
    public EscalationNames Names { get; private set; } = new(new Dictionary<Guid, string>(), new Dictionary<Guid, string>(),
        new Dictionary<Guid, string>(), new Dictionary<Guid, string>());
    public IReadOnlyList<Department> Departments { get; private set; } = [];
    public string? OwnDepartment { get; private set; }
    public string DefaultDueAt { get; private set; } = "";

    [BindProperty(SupportsGet = true)]
    public EscalationState? State { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Items = await ListAsync(ct);
        Names = await queries.NamesAsync(Items, ct);
        if (Actor.IsAdmin)
            Departments = await queries.DepartmentsAsync(Actor, null, ct);
        OwnDepartment = await queries.OwnDepartmentNameAsync(Actor, ct);
        DefaultDueAt = ConsoleText.Input(clock.GetUtcNow().AddDays(3));
    }

    private async Task<IReadOnlyList<Escalation>> ListAsync(CancellationToken ct) =>
        await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(queries.List(Actor, State).Take(100), ct);

    public Task<IActionResult> OnPostDispatchAsync(Guid id, Guid[]? departmentIds, string? dueAt, CancellationToken ct) =>
        RunAsync(() => dispatch.ExecuteAsync(Actor, id, departmentIds ?? [],
            ConsoleText.FromInput(dueAt) ?? throw DomainException.Invalid("dueAt", "请填写办结期限。"), ct), "已派单，相关部门已收到通知。");

    public Task<IActionResult> OnPostAcknowledgeAsync(Guid id, CancellationToken ct) =>
        RunAsync(() => acknowledge.ExecuteAsync(Actor, id, ct), "已报到，居民和社区已收到通知。");

    public Task<IActionResult> OnPostResolveAsync(Guid id, string? outcome, CancellationToken ct) =>
        RunAsync(() => resolve.ExecuteAsync(Actor, id, outcome, ct), "办理结果已登记。");

    public static string Label(EscalationAssignment a) =>
        a.ResolvedAt is not null ? "已办结" : a.AcknowledgedAt is not null ? "已报到" : "待报到";
}
