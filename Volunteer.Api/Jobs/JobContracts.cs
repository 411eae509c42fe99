using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Infrastructure.Jobs;

namespace Volunteer.Api.Jobs;

/// <summary>One run of a monthly job.</summary>
/// <param name="Name">monthly-ranking 月度排行榜、recognition 月度表彰、dual-evaluation 双评议报告。</param>
/// <param name="Title">任务名称。</param>
/// <param name="Period">月份，yyyy-MM。</param>
/// <param name="Status">running 执行中、completed 已完成（结果不再变化）、failed 失败（下次执行时重试）。</param>
/// <param name="Attempts">执行次数（失败后重试会增加）。</param>
/// <param name="Trigger">schedule 定时、startup 启动时补齐、admin 管理员手动执行。</param>
/// <param name="TriggeredByAccountId">手动执行的管理员账号。</param>
/// <param name="Summary">结果摘要。</param>
/// <param name="Error">最近一次失败的原因。</param>
public sealed record JobRunResponse(Guid Id, string Name, string Title, string Period, JobRunStatus Status, int Attempts, JobTrigger Trigger,
    Guid? TriggeredByAccountId, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Summary, string? Error)
{
    public static JobRunResponse Of(JobRun r) => new(r.Id, r.Job.Slug(), r.Job.Title(), r.PeriodValue.ToString(), r.Status, r.Attempts,
        r.Trigger, r.TriggeredByAccountId, r.StartedAt, r.FinishedAt, r.Summary, r.Error);
}

/// <param name="Outcome">ran 本次已生成；alreadyCompleted 该月已生成过，未做任何修改。</param>
public sealed record JobRunResultResponse(string Outcome, JobRunResponse Run);

/// <param name="Period">要生成的月份，yyyy-MM，须为已结束的月份。</param>
public sealed record RunJobRequest(string? Period) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Period, "period", "月份"));
}
