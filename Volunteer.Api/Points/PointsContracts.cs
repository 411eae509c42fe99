using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Points;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Points;

namespace Volunteer.Api.Points;

/// <param name="Balance">积分余额。</param>
/// <param name="TotalHours">累计服务时长（小时）。</param>
/// <param name="StarLevel">星级：累计 100/300/600/1000/1500 小时为 1–5 星。</param>
/// <param name="HoursToNextStar">距下一星级还需的小时数；五星为 null。</param>
public sealed record PointsResponse(int Balance, decimal TotalHours, int StarLevel, decimal? HoursToNextStar);

/// <param name="Kind">earn 获得、adjust 调整、redeem 兑换、refund 退回、bonus 奖励。</param>
/// <param name="Amount">积分变动（正为增加，负为减少）。</param>
/// <param name="Hours">本条记录的服务时长（小时）。</param>
/// <param name="SourceId">来源：认领、兑换、表彰或调整本身的 id。</param>
/// <param name="BalanceAfter">记账后的余额。</param>
/// <param name="MemberId">积分账户（居民）的 id。</param>
/// <param name="ActorId">记账人（工作人员账号或居民本人）的 id；定时任务记账时为 null。</param>
/// <param name="Sequence">本账户内的记账序号（1、2、3…），即提交顺序；余额按此顺序递推。</param>
/// <param name="Hash">本条记录规范形式的 SHA-256（十六进制小写），规范形式见 README「防篡改台账」。</param>
/// <param name="PreviousHash">本账户上一条记录的 hash；第一条为 64 个 0。</param>
public sealed record LedgerEntryResponse(Guid Id, LedgerEntryKind Kind, int Amount, decimal Hours, string Reason, Guid SourceId,
    int BalanceAfter, DateTimeOffset CreatedAt, Guid MemberId, Guid? ActorId, long Sequence, string Hash, string PreviousHash)
{
    public static LedgerEntryResponse Of(LedgerEntry e) =>
        new(e.Id, e.Kind, e.Amount, Http.Hours.FromMinutes(e.Minutes), e.Reason, e.SourceId, e.BalanceAfter, e.CreatedAt,
            e.MemberId, e.ActorId, e.Sequence, e.Hash, e.PreviousHash);
}

/// <param name="Amount">调整的积分，正数增加、负数扣减，不能为 0；扣减后余额不能为负。</param>
/// <param name="Reason">调整原因（必填），记入台账。</param>
public sealed record AdjustPointsRequest(int? Amount, string? Reason) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(
        Require.Present(Amount, "amount", "调整积分"),
        Require.Present(Reason, "reason", "调整原因"));
}

/// <param name="MemberId">有问题的积分账户；月度台账根的问题为 null。</param>
/// <param name="EntryId">有问题的台账记录；账户级或月度级问题为 null。</param>
/// <param name="What">问题说明。</param>
public sealed record LedgerProblemResponse(Guid? MemberId, Guid? EntryId, string What);

/// <param name="Ok">没有发现任何问题。</param>
/// <param name="Accounts">校验的积分账户数。</param>
/// <param name="Entries">校验的台账记录数。</param>
public sealed record LedgerVerificationResponse(bool Ok, int Accounts, long Entries, IReadOnlyList<LedgerProblemResponse> Problems)
{
    public static LedgerVerificationResponse Of(LedgerVerification v) =>
        new(v.Ok, v.Accounts, v.Entries, v.Problems.Select(p => new LedgerProblemResponse(p.MemberId, p.EntryId, p.What)).ToList());
}

/// <param name="Day">校验日期（北京时间，yyyy-MM-dd）。</param>
/// <param name="Summary">前 20 个问题的说明；没有问题时为 null。</param>
public sealed record LedgerVerificationRunResponse(string Day, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, bool Ok, int Accounts,
    long Entries, int Problems, string? Summary)
{
    public static LedgerVerificationRunResponse Of(LedgerVerificationRun r) =>
        new($"{r.Day / 10000:D4}-{r.Day / 100 % 100:D2}-{r.Day % 100:D2}", r.StartedAt, r.FinishedAt, r.Ok, r.Accounts, r.Entries, r.Problems, r.Summary);
}

/// <param name="Period">月份 yyyy-MM。</param>
/// <param name="Root">月度台账根（十六进制小写 SHA-256）。</param>
/// <param name="Accounts">参与计算的积分账户数。</param>
/// <param name="Entries">截至月末各账户记录数之和。</param>
public sealed record LedgerRootResponse(string Period, string Root, int Accounts, long Entries, DateTimeOffset ComputedAt);
