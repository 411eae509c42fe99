using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Common;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Common;

/// <summary>
/// What a failure below the domain means to the caller: a refusal of the given kind (the database refused a
/// write that raced another, or is unreachable), or, with no kind, a fault that is not a broken rule but still
/// has words for the caller (a monthly job that failed).
/// </summary>
public sealed record KnownFailure(ErrorKind? Kind, string Code, string Message);

/// <summary>Classifies exceptions from persistence and the job runner, so that the HTTP layer knows no provider or job types.</summary>
public static class Failures
{
    public static KnownFailure? Explain(Exception exception) => exception switch
    {
        DbUpdateConcurrencyException => new(ErrorKind.Conflict, "concurrency", "数据刚刚已被其他操作修改，请刷新后重试。"),
        DbUpdateException e when DatabaseErrors.IsUniqueViolation(e) => new(ErrorKind.Conflict, "duplicate", "记录已存在，不能重复创建。"),
        DbUpdateException e when DatabaseErrors.IsCheckViolation(e) => new(ErrorKind.Conflict, "constraint", "操作违反了数据规则，未做任何修改。"),
        JobFailedException failed => new(null, "job.failed", $"{failed.Period} 的任务执行失败，未生成任何结果；原因已记入运行记录，可稍后重试。"),
        _ when DatabaseErrors.IsUnavailable(exception) => Unavailable(new DatabaseUnavailableException(exception)),
        _ => null,
    };

    private static KnownFailure Unavailable(DatabaseUnavailableException e) => new(e.Kind, e.Code, e.Message);
}
