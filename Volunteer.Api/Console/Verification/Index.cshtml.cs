using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Tasks;

namespace Volunteer.Api.Console.Verification;

/// <summary>
/// <c>/console/verification</c> (联合评单): claims waiting for verification; staff verify one or many at
/// once with the hours they confirm, or refuse them with a reason. Each claim goes through the API's
/// <see cref="VerifyClaim"/> use case on its own, so one refusal never blocks the others.
/// </summary>
[Authorize(Policy = ConsoleAuth.StaffOrGridWorker)]
public sealed class IndexModel(TaskQueries tasks, VerifyClaim verify, ClaimQueries claimQueries) : ConsolePageModel
{
    public IReadOnlyList<ClaimRow> Claims { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Claims = await tasks.AwaitingVerificationAsync(Actor, 200, ct);
        // The claims listed are those the caller manages, so their photos are theirs to see.
        ViewData[ClaimPhotos.ViewDataKey] = await claimQueries.PhotosAsync(Claims.Select(c => c.Claim.Id).ToList(), ct);
    }

    public async Task<IActionResult> OnPostAsync(List<Guid> ids, string? decision, string? reason, string? returnUrl, CancellationToken ct)
    {
        var back = returnUrl is { } r && r.StartsWith("/console/", StringComparison.Ordinal) && !r.StartsWith("//", StringComparison.Ordinal) ? r : "/console/verification";
        if (ids.Count == 0)
        {
            Failure = "请先勾选要核验的认领。";
            return LocalRedirect(back);
        }
        var approve = decision == "approve";
        var done = 0;
        var problems = new List<string>();
        foreach (var id in ids.Distinct())
        {
            decimal? hours = decimal.TryParse(Request.Form[$"hours-{id}"], NumberStyles.Number, CultureInfo.InvariantCulture, out var h) ? h : null;
            try
            {
                await verify.ExecuteAsync(Actor, id, approve, approve ? hours : null, approve ? null : reason, ct);
                done++;
            }
            catch (DomainException e)
            {
                problems.Add(e.Message);
            }
        }
        if (done > 0)
            Notice = approve ? $"已核验通过 {done} 条，积分和服务时长已记录。" : $"已将 {done} 条标记为核验未通过。";
        if (problems.Count > 0)
            Failure = $"{problems.Count} 条未处理：" + string.Join("；", problems.Distinct());
        return LocalRedirect(back);
    }
}
