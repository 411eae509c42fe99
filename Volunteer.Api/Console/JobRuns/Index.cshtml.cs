using Microsoft.AspNetCore.Authorization;
using Volunteer.Domain.Jobs;
using Volunteer.Infrastructure.Jobs;

namespace Volunteer.Api.Console.JobRuns;

/// <summary><c>/console/job-runs</c>: the monthly jobs' history (ranking, recognition, 双评议), failures with their error.</summary>
[Authorize(Policy = ConsoleAuth.Admin)]
public sealed class IndexModel(JobRunQueries runs) : ConsolePageModel
{
    public IReadOnlyList<JobRun> Runs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Runs = await runs.RecentAsync(Actor, 100, ct);

    public static string Of(JobRunStatus status) => status switch
    {
        JobRunStatus.Running => "运行中",
        JobRunStatus.Completed => "已完成",
        _ => "失败",
    };
}
