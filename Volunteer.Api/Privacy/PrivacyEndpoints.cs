using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Infrastructure.Privacy;

namespace Volunteer.Api.Privacy;

public static class PrivacyEndpoints
{
    public static IEndpointRouteBuilder MapPrivacy(this IEndpointRouteBuilder app)
    {
        app.MapApiGroup("/api/v1/privacy-policy", "个人信息", requireAuth: false).MapGet("/", Policy).WithName("GetPrivacyPolicy")
            .WithSummary("隐私政策（当前版本）");

        var me = app.MapApiGroup("/api/v1/me", "个人信息");
        me.MapGet("/export", Export).WithName("ExportMyData")
            .WithSummary("导出我的全部个人信息")
            .WithDescription("以 JSON 返回平台保存的本人全部信息：资料、隐私政策同意记录、需求、认领、积分台账、兑换、表彰、排行，以及谁查看过本人敏感信息。导出本身记入审计。")
            .Problems(403, 404);
        me.MapDelete("/", EraseMe).WithName("EraseMe")
            .WithSummary("注销：删除我的个人信息")
            .WithDescription("删除姓名、手机号、微信标识、困难情况、党员信息，以及本人需求的地址和描述；积分台账、认领和排行以匿名方式保留，" +
                "公示合计与哈希链仍可校验。注销后当前令牌立即失效。")
            .Problems(403, 404, 409);

        app.MapApiGroup("/api/v1/members", "个人信息").MapDelete("/{id:guid}", EraseMember).WithName("EraseMember")
            .WithSummary("代居民注销个人信息（工作人员）")
            .WithDescription("为没有智能手机的居民办理注销，规则与居民本人注销相同。本社区工作人员或本街道管理员可办理。")
            .Problems(403, 404, 409);
        return app;
    }

    private static Ok<PrivacyPolicyResponse> Policy(IOptions<PrivacyOptions> options) =>
        TypedResults.Ok(new PrivacyPolicyResponse(options.Value.PolicyVersion, options.Value.PolicyText));

    private static async Task<Ok<PersonalDataExport>> Export(ClaimsPrincipal user, ExportMyData useCase, CancellationToken ct) =>
        TypedResults.Ok(await useCase.ExecuteAsync(user.Actor(), ct));

    private static async Task<NoContent> EraseMe(ClaimsPrincipal user, EraseMember useCase, ErasedMembers erased, CancellationToken ct)
    {
        var actor = user.Actor();
        actor.EnsureResident();
        await useCase.ExecuteAsync(actor, actor.Id, ct);
        erased.Add(actor.Id);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> EraseMember(Guid id, ClaimsPrincipal user, EraseMember useCase, ErasedMembers erased, CancellationToken ct)
    {
        var actor = user.Actor();
        actor.EnsureStaffOrAdmin();
        await useCase.ExecuteAsync(actor, id, ct);
        erased.Add(id);
        return TypedResults.NoContent();
    }
}
