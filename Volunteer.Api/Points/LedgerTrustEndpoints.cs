using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Common;
using Volunteer.Domain.Points;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Points;

namespace Volunteer.Api.Points;

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

    private static async Task<Ok<Paged<LedgerVerificationRunResponse>>> Nightly(ClaimsPrincipal user, VolunteerDbContext db, int? page,
        int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var actor = user.Actor();
        if (!actor.IsPlatformAdmin)
            throw DomainException.Forbidden("role.platformAdminOnly", "每晚台账校验覆盖全平台，仅平台管理员可查看。");
        return TypedResults.Ok(await paging.ApplyAsync(db.LedgerVerificationRuns.AsNoTracking().OrderByDescending(r => r.Day),
            items => items.Select(LedgerVerificationRunResponse.Of).ToList(), ct));
    }

    private static async Task<Ok<Paged<LedgerRootResponse>>> Roots(VolunteerDbContext db, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        return TypedResults.Ok(await paging.ApplyAsync(db.LedgerRoots.AsNoTracking().OrderByDescending(r => r.Period),
            items => items.Select(r => new LedgerRootResponse(Period.FromKey(r.Period).ToString(), r.Root, r.Accounts, r.Entries, r.ComputedAt)).ToList(), ct));
    }
}
