using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Reports;

/// <summary>
/// 双评议报告: each month, every confirmed in-service party member's verified service in their home
/// community, kept as compiled so the report sent to work units never changes. Party membership,
/// home community and work unit are taken as they stand when the report is compiled.
/// </summary>
public sealed class DualEvaluationJob(VolunteerDbContext db, IRunObserver observer) : IMonthlyJob
{
    public JobName Name => JobName.DualEvaluation;

    public async Task<string> ComputeAsync(Period period, DateTimeOffset now, CancellationToken ct)
    {
        await MonthlyBatch.PrepareAsync(db, ct);
        var members = await DualEvaluationSql.InsertDualEvaluationAsync(db, period, ct);
        await observer.StepCompletedAsync(Name, period, "members", ct);
        return $"在职党员 {members} 名";
    }
}
