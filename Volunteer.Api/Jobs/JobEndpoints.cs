using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Jobs;
using Volunteer.Infrastructure.Jobs;

namespace Volunteer.Api.Jobs;

public static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapApiGroup("/api/v1/admin/jobs", "定时任务");
        jobs.MapGet("/", List).WithName("ListJobRuns")
            .WithSummary("定时任务运行记录（街道管理员）")
            .WithDescription("月度排行榜（monthly-ranking）、月度表彰（recognition）和双评议报告（dual-evaluation）每月 1 日 01:00（北京时间）" +
                "为上月各执行一次，错过的月份在启动时和每小时按时间顺序补齐。每个任务每月只会生成一次结果。")
            .Problems(400, 403);
        jobs.MapPost("/{name}/runs", Run).WithName("RunJob")
            .WithSummary("手动执行某月的定时任务（平台管理员）")
            .WithDescription("月度任务覆盖所有街道，仅平台管理员可执行（街道管理员 403 role.platformAdminOnly，可查看运行记录）。幂等：该月已生成的，原样返回（outcome=alreadyCompleted），不做任何修改；未生成或上次失败的，立即生成。" +
                "月度表彰须在同月排行榜生成之后执行。")
            .Problems(400, 403, 404, 409);
        return app;
    }

    /// <param name="name">任务名：monthly-ranking、recognition、dual-evaluation。</param>
    /// <param name="status">running、completed 或 failed。</param>
    /// <param name="period">月份，yyyy-MM。</param>
    private static async Task<Ok<Paged<JobRunResponse>>> List(ClaimsPrincipal user, JobRunQueries runs,
        [AllowedValues("monthly-ranking", "recognition", "dual-evaluation")] string? name, JobRunStatus? status,
        string? period, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var actor = user.Actor();
        actor.EnsureAdmin();
        JobName? job = null;
        if (!string.IsNullOrWhiteSpace(name))
            job = JobNames.TryParse(name.Trim(), out var j) ? j
                : throw DomainException.Invalid("name", $"任务名无效，可选：{string.Join("、", JobNames.All)}。");
        var ordered = runs.Listed(actor, job, status, QueryValues.OptionalPeriod(period));
        return TypedResults.Ok(await paging.ApplyAsync(ordered, items => items.Select(JobRunResponse.Of).ToList(), ct));
    }

    /// <param name="name">任务名：monthly-ranking、recognition 或 dual-evaluation。</param>
    private static async Task<Ok<JobRunResultResponse>> Run([AllowedValues("monthly-ranking", "recognition", "dual-evaluation")] string name, RunJobRequest body, ClaimsPrincipal user, RunMonthlyJob useCase,
        CancellationToken ct)
    {
        var actor = user.Actor();
        actor.EnsurePlatformAdmin();
        if (!JobNames.TryParse(name, out var job))
            throw DomainException.NotFound("job.notFound", $"没有名为 {name} 的定时任务，可选：{string.Join("、", JobNames.All)}。");
        var period = QueryValues.RequiredPeriod(body.Period);
        var outcome = await useCase.ExecuteAsync(actor, job, period, ct);
        var label = outcome.Kind == RunOutcomeKind.Ran ? "ran" : "alreadyCompleted";
        return TypedResults.Ok(new JobRunResultResponse(label, JobRunResponse.Of(outcome.Run!)));
    }
}
