using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Volunteer.Infrastructure.Needs;

namespace Volunteer.Api.Console.Needs;

/// <summary><c>/console/needs</c>: the review queue of the staff's community (居民下单 and 代下单), reject with a reason here, approve on the need's page.</summary>
[Authorize(Policy = ConsoleAuth.StaffOrGridWorker)]
public sealed class IndexModel(NeedQueries needs, RejectNeed reject) : ConsolePageModel
{
    public IReadOnlyList<NeedRow> Pending { get; private set; } = [];
    public IReadOnlyList<NeedRow> Reviewed { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Pending = await needs.PendingAsync(Actor, 100, ct);
        Reviewed = await needs.ReviewedAsync(Actor, 20, ct);
    }

    public Task<IActionResult> OnPostRejectAsync(Guid id, string? reason, CancellationToken ct) =>
        RunAsync(() => reject.ExecuteAsync(Actor, id, reason, ct), "需求已驳回，居民可看到驳回原因。");
}
