using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Points;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Points;

namespace Volunteer.Api.Points;

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

    private static async Task<Ok<PointsResponse>> Mine(ClaimsPrincipal user, PointsQueries points, CancellationToken ct) =>
        TypedResults.Ok(View(await points.OwnAccountAsync(user.Actor(), ct)));

    private static async Task<Ok<Paged<LedgerEntryResponse>>> MyLedger(ClaimsPrincipal user, PointsQueries points, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        return TypedResults.Ok(await PageAsync(points.OwnLedger(user.Actor()), paging, ct));
    }

    private static async Task<Ok<PointsResponse>> OfMember(Guid memberId, ClaimsPrincipal user, PointsQueries points, CancellationToken ct) =>
        TypedResults.Ok(View(await points.ManagedAccountAsync(user.Actor(), memberId, ct)));

    private static async Task<Ok<Paged<LedgerEntryResponse>>> LedgerOfMember(Guid memberId, ClaimsPrincipal user, PointsQueries points,
        int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        return TypedResults.Ok(await PageAsync(await points.ManagedLedgerAsync(user.Actor(), memberId, ct), paging, ct));
    }

    private static async Task<Created<LedgerEntryResponse>> Adjust(Guid memberId, AdjustPointsRequest body, ClaimsPrincipal user,
        AdjustPoints useCase, CancellationToken ct)
    {
        var entry = await useCase.ExecuteAsync(user.Actor(), memberId, body.Amount!.Value, body.Reason, ct);
        return TypedResults.Created($"/api/v1/members/{memberId}/points/ledger", LedgerEntryResponse.Of(entry));
    }

    private static PointsResponse View(PointsAccount account) =>
        new(account.Balance, Hours.FromMinutes(account.Minutes), account.StarLevel, StarLevel.HoursToNext(account.Minutes));

    private static Task<Paged<LedgerEntryResponse>> PageAsync(IQueryable<LedgerEntry> ordered, PageRequest paging, CancellationToken ct) =>
        paging.ApplyAsync(ordered, items => items.Select(LedgerEntryResponse.Of).ToList(), ct);
}
