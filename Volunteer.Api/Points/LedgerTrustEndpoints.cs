using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Points;
using Volunteer.Infrastructure.Points;

namespace Volunteer.Api.Points;

public static class LedgerTrustEndpoints
{
    public static IEndpointRouteBuilder MapLedgerTrust(this IEndpointRouteBuilder app)
    {
        app.MapApiGroup("/api/v1/me/points", "积分").MapGet("/verification", Mine).WithName("VerifyMyLedger")
            .WithSummary("校验我的积分台账")
            .WithDescription("重算本人账户的哈希链，核对每条记录的记账后余额、账户余额与服务时长、月度合计。")
            .Problems(403);

        var admin = app.MapApiGroup("/api/v1/admin/ledger", "积分");
        admin.MapGet("/verification", All).WithName("VerifyLedger")
            .WithSummary("校验积分台账（管理员）")
            .WithDescription("重算每个积分账户的哈希链，核对余额、服务时长与月度合计；平台管理员还核对每个已保存的月度台账根。" +
                "街道管理员校验本街道居民的账户。")
            .Problems(403);
        admin.MapGet("/verifications", Nightly).WithName("ListLedgerVerifications")
            .WithSummary("每晚台账校验记录（平台管理员）")
            .WithDescription("每晚 02:30（北京时间）自动校验全平台台账的结果，按日期倒序。")
            .Problems(400, 403);
        admin.MapGet("/roots", Roots).WithName("ListLedgerRoots")
            .WithSummary("月度台账根")
            .WithDescription("每月结束后计算并永久保存的月度台账根，与积分公示一同公布。")
            .Problems(400);
        return app;
    }

    private static async Task<Ok<LedgerVerificationResponse>> Mine(ClaimsPrincipal user, VerifyLedger verify, CancellationToken ct)
    {
        var actor = user.Actor();
        actor.EnsureResident();
        return TypedResults.Ok(LedgerVerificationResponse.Of(await verify.ExecuteAsync(actor, ct)));
    }

    private static async Task<Ok<LedgerVerificationResponse>> All(ClaimsPrincipal user, VerifyLedger verify, CancellationToken ct)
    {
        var actor = user.Actor();
        actor.EnsureAdmin();
        return TypedResults.Ok(LedgerVerificationResponse.Of(await verify.ExecuteAsync(actor, ct)));
    }

    private static async Task<Ok<Paged<LedgerVerificationRunResponse>>> Nightly(ClaimsPrincipal user, PointsQueries points, int? page,
        int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        return TypedResults.Ok(await paging.ApplyAsync(points.Verifications(user.Actor()),
            items => items.Select(LedgerVerificationRunResponse.Of).ToList(), ct));
    }

    private static async Task<Ok<Paged<LedgerRootResponse>>> Roots(PointsQueries points, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        return TypedResults.Ok(await paging.ApplyAsync(points.Roots(),
            items => items.Select(r => new LedgerRootResponse(Period.FromKey(r.Period).ToString(), r.Root, r.Accounts, r.Entries, r.ComputedAt)).ToList(), ct));
    }
}
