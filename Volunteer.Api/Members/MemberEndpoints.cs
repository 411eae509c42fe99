using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Api.Me;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Members;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Api.Members;

/// <summary>A resident as staff of their community see them.</summary>
/// <param name="Circumstances">困难情况：lowIncome 低保、disabled 残疾、livingAlone 独居、elderly 高龄。</param>
/// <param name="RegisteredByStaff">是否由工作人员代为登记（无智能手机）。</param>
/// <param name="NoShowCount">爽约次数：认领后未签到、任务已结束的次数。</param>
/// <param name="HouseholdId">所在住户（户）；未加入为 null。</param>
public sealed record MemberResponse(Guid Id, string Name, string? Phone, Guid? CommunityId, Guid? GridId, PartyResponse? Party,
    IReadOnlyList<string> Circumstances, bool RegisteredByStaff, int NoShowCount, DateTimeOffset CreatedAt, Guid? HouseholdId = null)
{
    public static MemberResponse Of(Member m) => new(m.Id, m.Name, m.Phone, m.CommunityId, m.GridId, PartyResponse.Of(m),
        CircumstanceNames.Of(m.Circumstances), m.RegisteredByAccountId is not null, m.NoShowCount, m.CreatedAt, m.HouseholdId);
}

public static class CircumstanceNames
{
    private static readonly Dictionary<string, Circumstances> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lowIncome"] = Volunteer.Domain.Members.Circumstances.LowIncome,
        ["disabled"] = Volunteer.Domain.Members.Circumstances.Disabled,
        ["livingAlone"] = Volunteer.Domain.Members.Circumstances.LivingAlone,
        ["elderly"] = Volunteer.Domain.Members.Circumstances.Elderly,
    };

    public static IReadOnlyList<string> Of(Circumstances value) =>
        ByName.Where(p => value.HasFlag(p.Value)).Select(p => p.Key).ToList();

    public static Circumstances Parse(IEnumerable<string>? names)
    {
        var result = Volunteer.Domain.Members.Circumstances.None;
        foreach (var name in names ?? [])
            result |= ByName.TryGetValue(name, out var flag) ? flag
                : throw DomainException.Invalid("circumstances", $"未知的困难情况：{name}（可选 lowIncome、disabled、livingAlone、elderly）。");
        return result;
    }
}

/// <summary>Registers a resident without a smartphone (代下单的服务对象).</summary>
/// <param name="CommunityId">所属社区：街道管理员必填；社区工作人员默认本社区。</param>
/// <param name="Circumstances">困难情况，见 MemberResponse。</param>
public sealed record RegisterMemberRequest(string? Name, string? Phone, Guid? CommunityId, Guid? GridId, IReadOnlyList<string>? Circumstances)
    : IValidatableRequest
{
    public IEnumerable<FieldError> Validate() => Require.All(Require.Present(Name, "name", "姓名"));
}

public sealed record SetCircumstancesRequest(IReadOnlyList<string>? Circumstances) : IValidatableRequest
{
    public IEnumerable<FieldError> Validate()
    {
        if (Circumstances is null)
            yield return new FieldError("circumstances", "circumstances 为必填项（无困难情况时传空数组）。");
    }
}

public sealed record ReviewPartyRequest(string? Reason);

public static class MemberEndpoints
{
    public static IEndpointRouteBuilder MapMembers(this IEndpointRouteBuilder app)
    {
        var members = app.MapApiGroup("/api/v1/members", "居民管理");

        members.MapGet("/", List).WithName("ListMembers")
            .WithSummary("查询本社区居民")
            .WithDescription("社区工作人员查看本社区居民，街道管理员查看本街道居民；可按党员身份状态（如 pending 待确认）、网格、姓名或手机号筛选。")
            .Problems(400, 403);

        members.MapPost("/", Register).WithName("RegisterMember")
            .WithSummary("登记无智能手机的居民")
            .WithDescription("工作人员为老人等无智能手机的居民建档，之后可为其代下单。")
            .Problems(400, 403, 404);

        members.MapGet("/{id:guid}", Get).WithName("GetMember")
            .WithSummary("查看居民资料（工作人员）")
            .Problems(404);

        members.MapPut("/{id:guid}/circumstances", SetCircumstancesHandler).WithName("SetMemberCircumstances")
            .WithSummary("登记居民困难情况")
            .WithDescription("困难群众提交的需求，其地址仅对本社区工作人员和认领成功者可见。")
            .Problems(400, 404);

        members.MapPost("/{id:guid}/party-membership/confirm", Confirm).WithName("ConfirmPartyMembership")
            .WithSummary("确认党员身份")
            .Problems(404, 409);

        members.MapPost("/{id:guid}/party-membership/reject", Reject).WithName("RejectPartyMembership")
            .WithSummary("驳回党员身份申报")
            .Problems(400, 404, 409);

        return app;
    }

    /// <param name="partyStatus">党员身份状态</param>
    /// <param name="gridId">网格</param>
    /// <param name="q">姓名或手机号</param>
    private static async Task<Ok<Paged<MemberResponse>>> List(ClaimsPrincipal user, MemberQueries members, PartyStatus? partyStatus,
        Guid? gridId, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        return TypedResults.Ok(await paging.ApplyAsync(members.Managed(user.Actor(), partyStatus, gridId, q),
            items => items.Select(MemberResponse.Of).ToList(), ct));
    }

    private static async Task<Created<MemberResponse>> Register(RegisterMemberRequest body, ClaimsPrincipal user, RegisterMember useCase, CancellationToken ct)
    {
        var member = await useCase.ExecuteAsync(user.Actor(), body.CommunityId, body.Name!, body.Phone, body.GridId,
            CircumstanceNames.Parse(body.Circumstances), ct);
        return TypedResults.Created($"/api/v1/members/{member.Id}", MemberResponse.Of(member));
    }

    private static async Task<Ok<MemberResponse>> Get(Guid id, ClaimsPrincipal user, ViewMember useCase, CancellationToken ct) =>
        TypedResults.Ok(MemberResponse.Of(await useCase.ExecuteAsync(user.Actor(), id, ct)));

    private static async Task<Ok<MemberResponse>> SetCircumstancesHandler(Guid id, SetCircumstancesRequest body, ClaimsPrincipal user,
        SetCircumstances useCase, CancellationToken ct) =>
        TypedResults.Ok(MemberResponse.Of(await useCase.ExecuteAsync(user.Actor(), id, CircumstanceNames.Parse(body.Circumstances), ct)));

    private static async Task<Ok<MemberResponse>> Confirm(Guid id, ClaimsPrincipal user, ReviewPartyMembership useCase, CancellationToken ct) =>
        TypedResults.Ok(MemberResponse.Of(await useCase.ExecuteAsync(user.Actor(), id, true, null, ct)));

    private static async Task<Ok<MemberResponse>> Reject(Guid id, ReviewPartyRequest body, ClaimsPrincipal user, ReviewPartyMembership useCase, CancellationToken ct) =>
        TypedResults.Ok(MemberResponse.Of(await useCase.ExecuteAsync(user.Actor(), id, false, body.Reason, ct)));
}
