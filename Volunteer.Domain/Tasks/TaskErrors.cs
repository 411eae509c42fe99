using Volunteer.Domain.Common;

namespace Volunteer.Domain.Tasks;

/// <summary>The tasks feature's refusals: each code with its one message.</summary>
public static class TaskErrors
{
    public static DomainException NotFound() => DomainException.NotFound("task.notFound", "任务不存在。");

    public static DomainException Full() => DomainException.Conflict("task.full", "该任务名额已满。");

    public static DomainException Ended() => DomainException.Conflict("task.ended", "该任务已结束。");

    public static DomainException Cancelled() => DomainException.Conflict("task.cancelled", "该任务已取消。");

    public static DomainException NotWish() => DomainException.Conflict("wish.notWish", "该任务不是微心愿。");

    /// <summary>Another request changed the claim between reading and writing it.</summary>
    public static DomainException ClaimChangedMeanwhile() =>
        DomainException.Conflict("claim.concurrent", "该认领刚刚已被他人处理，请刷新后查看结果。");

    public static DomainException NotReceivable() => DomainException.Conflict("claim.notReceivable", "认领人标记完成后才能确认。");
}
