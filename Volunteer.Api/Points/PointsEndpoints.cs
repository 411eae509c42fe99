using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Auth;
using Volunteer.Api.Claims;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Points;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;
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
        new(e.Id, e.Kind, e.Amount, Claims.Hours.FromMinutes(e.Minutes), e.Reason, e.SourceId, e.BalanceAfter, e.CreatedAt,
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

public static class PointsEndpoints
{
    public static IEndpointRouteBuilder MapPoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapApiGroup("/api/v1/me/points", "积分");
        me.MapGet("/", Mine).WithName("GetMyPoints")
            .WithSummary("我的积分与服务时长")
            .Problems(403);
        me.MapGet("/ledger", MyLedger).WithName("GetMyLedger")
            .WithSummary("我的积分明细")
            .WithDescription("按记账序号倒序分页返回本人的积分台账，每条带哈希链字段（sequence、hash、previousHash），可据此独立复算整条链。")
            .Problems(400, 403);

        var members = app.MapApiGroup("/api/v1/members/{memberId:guid}/points", "积分");
        members.MapGet("/", OfMember).WithName("GetMemberPoints")
            .WithSummary("查看居民积分（工作人员）")
            .WithDescription("本社区工作人员或本街道管理员查看。")
            .Problems(404);
        members.MapGet("/ledger", LedgerOfMember).WithName("GetMemberLedger")
            .WithSummary("查看居民积分明细（工作人员）")
            .Problems(400, 404);
        members.MapPost("/adjustments", Adjust).WithName("AdjustPoints")
            .WithSummary("调整居民积分（须填写原因）")
            .WithDescription("调整作为新的台账记录写入，不修改历史记录；扣减后余额不能为负（返回 409）。")
            .Problems(400, 404, 409);

        return app;
    }

    private static async Task<Ok<PointsResponse>> Mine(ClaimsPrincipal user, VolunteerDbContext db, CancellationToken ct)
    {
        var actor = user.Actor();
        actor.EnsureResident();
        return TypedResults.Ok(await PointsOfAsync(db, actor.Id, ct));
    }

    private static async Task<Ok<Paged<LedgerEntryResponse>>> MyLedger(ClaimsPrincipal user, VolunteerDbContext db, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var actor = user.Actor();
        actor.EnsureResident();
        return TypedResults.Ok(await LedgerOfAsync(db, actor.Id, paging, ct));
    }

    private static async Task<Ok<PointsResponse>> OfMember(Guid memberId, ClaimsPrincipal user, VolunteerDbContext db, CancellationToken ct)
    {
        await MemberAccess.LoadManagedAsync(db, user.Actor(), memberId, ct);
        return TypedResults.Ok(await PointsOfAsync(db, memberId, ct));
    }

    private static async Task<Ok<Paged<LedgerEntryResponse>>> LedgerOfMember(Guid memberId, ClaimsPrincipal user, VolunteerDbContext db,
        int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        await MemberAccess.LoadManagedAsync(db, user.Actor(), memberId, ct);
        return TypedResults.Ok(await LedgerOfAsync(db, memberId, paging, ct));
    }

    private static async Task<Created<LedgerEntryResponse>> Adjust(Guid memberId, AdjustPointsRequest body, ClaimsPrincipal user,
        AdjustPoints useCase, CancellationToken ct)
    {
        var entry = await useCase.ExecuteAsync(user.Actor(), memberId, body.Amount!.Value, body.Reason, ct);
        return TypedResults.Created($"/api/v1/members/{memberId}/points/ledger", LedgerEntryResponse.Of(entry));
    }

    private static async Task<PointsResponse> PointsOfAsync(VolunteerDbContext db, Guid memberId, CancellationToken ct)
    {
        var account = await db.PointsAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.MemberId == memberId, ct)
            ?? throw DomainException.NotFound("member.notFound", "居民不存在。");
        return new PointsResponse(account.Balance, Hours.FromMinutes(account.Minutes), account.StarLevel,
            StarLevel.HoursToNext(account.Minutes));
    }

    private static Task<Paged<LedgerEntryResponse>> LedgerOfAsync(VolunteerDbContext db, Guid memberId, PageRequest paging, CancellationToken ct) =>
        paging.ApplyAsync(
            db.LedgerEntries.AsNoTracking().Where(e => e.MemberId == memberId).OrderByDescending(e => e.Sequence),
            items => items.Select(LedgerEntryResponse.Of).ToList(), ct);
}
