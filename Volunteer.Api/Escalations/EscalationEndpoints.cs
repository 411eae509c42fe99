using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Volunteer.Api.Auth;
using Volunteer.Api.Http;
using Volunteer.Domain.Escalations;
using Volunteer.Infrastructure.Escalations;

namespace Volunteer.Api.Escalations;

/// <summary>吹哨报到: departments, escalations from the community to the street and its departments, and their statistics.</summary>
public static class EscalationEndpoints
{
    public static IEndpointRouteBuilder MapEscalations(this IEndpointRouteBuilder app)
    {
        var departments = app.MapApiGroup("/api/v1/admin/departments", "吹哨报到");
        departments.MapPost("/", CreateDepartment).WithName("CreateDepartment")
            .WithSummary("新建职能部门（街道管理员）")
            .WithDescription("城管、住建、派出所、市场监管等街道职能部门；同一街道内不可重名。部门工作人员账号用 POST /api/v1/admin/accounts（role: departmentStaff, departmentId）。")
            .Problems(400, 403, 409);
        departments.MapGet("/", ListDepartments).WithName("ListDepartments")
            .WithSummary("职能部门列表（街道管理员）")
            .Problems(400, 403);

        app.MapApiGroup("/api/v1/needs", "吹哨报到").MapPost("/{id:guid}/escalation", Raise).WithName("RaiseEscalation")
            .WithSummary("上报街道（社区呼叫）")
            .WithDescription("本社区工作人员把社区解决不了的待审核需求上报街道；需求离开审核队列，进入街道的吹哨报到队列。同一需求同时只能有一件未办结的上报。")
            .Problems(400, 403, 404, 409);

        var escalations = app.MapApiGroup("/api/v1/escalations", "吹哨报到");
        escalations.MapGet("/", List).WithName("ListEscalations")
            .WithSummary("吹哨报到事项列表")
            .WithDescription("街道管理员看本街道的，职能部门工作人员只看派给本部门的，社区工作人员看本社区上报的，居民看自己需求的；最新在前。")
            .Problems(400);
        escalations.MapGet("/{id:guid}", Get).WithName("GetEscalation")
            .WithSummary("事项详情与处理经过")
            .WithDescription("状态、各部门报到与办结情况，以及谁在何时做了什么（按时间先后）。看不到的事项为 404。")
            .Problems(404);
        escalations.MapPost("/{id:guid}/dispatch", Dispatch).WithName("DispatchEscalation")
            .WithSummary("派单（街道吹哨）")
            .WithDescription("街道管理员把事项派给本街道的一个或多个职能部门，并给出办结期限；再次派单追加部门。已办结的不能再派。")
            .Problems(400, 403, 404, 409);
        escalations.MapPost("/{id:guid}/acknowledge", Acknowledge).WithName("AcknowledgeEscalation")
            .WithSummary("部门报到")
            .WithDescription("派单部门的工作人员报到，表示本部门已接手；每个部门报到一次。")
            .Problems(403, 404, 409);
        escalations.MapPost("/{id:guid}/resolve", Resolve).WithName("ResolveEscalation")
            .WithSummary("登记办理结果（部门办结）")
            .WithDescription("报到后，派单部门登记做了什么；所有派单部门都办结后事项办结，居民可评价。")
            .Problems(400, 403, 404, 409);
        escalations.MapPost("/{id:guid}/satisfaction", Rate).WithName("RateEscalation")
            .WithSummary("评价办理结果（满意 / 基本满意 / 不满意）")
            .WithDescription("办结后由提出需求的居民评价一次；为无智能手机居民代下单的，社区工作人员可代为登记。")
            .Problems(400, 403, 404, 409);

        app.MapApiGroup("/api/v1/reports", "吹哨报到").MapGet("/escalations", Statistics).WithName("GetEscalationStatistics")
            .WithSummary("吹哨报到统计（按职能部门）")
            .WithDescription("一个月内派给各部门的事项数、派单到报到和到办结的中位时长、超时数和满意度占比。街道管理员看本街道；平台管理员须指定 streetId。")
            .Problems(400, 403, 404);
        return app;
    }

    private static async Task<Created<DepartmentResponse>> CreateDepartment(CreateDepartmentRequest body, ClaimsPrincipal user,
        Infrastructure.Escalations.CreateDepartment useCase, CancellationToken ct)
    {
        var department = await useCase.ExecuteAsync(user.Actor(), body.Name, body.StreetId, ct);
        return TypedResults.Created($"/api/v1/admin/departments/{department.Id}", DepartmentResponse.Of(department));
    }

    /// <param name="streetId">街道（平台管理员筛选用；街道管理员只能看本街道）。</param>
    private static async Task<Ok<IReadOnlyList<DepartmentResponse>>> ListDepartments(ClaimsPrincipal user, EscalationQueries queries,
        Guid? streetId, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<DepartmentResponse>>((await queries.DepartmentsAsync(user.Actor(), streetId, ct)).Select(DepartmentResponse.Of).ToList());

    private static async Task<Created<EscalationResponse>> Raise(Guid id, RaiseEscalationRequest body, ClaimsPrincipal user, RaiseEscalation useCase,
        EscalationQueries queries, CancellationToken ct)
    {
        var escalation = await useCase.ExecuteAsync(user.Actor(), id, body.Reason, ct);
        return TypedResults.Created($"/api/v1/escalations/{escalation.Id}", await DetailAsync(user, queries, escalation.Id, ct));
    }

    /// <param name="state">按状态筛选：open 待派单、dispatched 办理中、resolved 已办结。</param>
    private static async Task<Ok<Paged<EscalationResponse>>> List(ClaimsPrincipal user, EscalationQueries queries, EscalationState? state,
        int? page, int? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.From(page, pageSize);
        var found = await paging.ApplyAsync(queries.List(user.Actor(), state), items => items, ct);
        var names = await queries.NamesAsync(found.Items, ct);
        return TypedResults.Ok(new Paged<EscalationResponse>(found.Items.Select(e => EscalationResponse.Of(e, names, false)).ToList(),
            found.Total, found.Page, found.PageSize));
    }

    private static async Task<Ok<EscalationResponse>> Get(Guid id, ClaimsPrincipal user, EscalationQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await DetailAsync(user, queries, id, ct));

    private static async Task<Ok<EscalationResponse>> Dispatch(Guid id, DispatchEscalationRequest body, ClaimsPrincipal user,
        DispatchEscalation useCase, EscalationQueries queries, CancellationToken ct)
    {
        await useCase.ExecuteAsync(user.Actor(), id, body.DepartmentIds!, body.DueAt!.Value, ct);
        return TypedResults.Ok(await DetailAsync(user, queries, id, ct));
    }

    private static async Task<Ok<EscalationResponse>> Acknowledge(Guid id, ClaimsPrincipal user, AcknowledgeEscalation useCase,
        EscalationQueries queries, CancellationToken ct)
    {
        await useCase.ExecuteAsync(user.Actor(), id, ct);
        return TypedResults.Ok(await DetailAsync(user, queries, id, ct));
    }

    private static async Task<Ok<EscalationResponse>> Resolve(Guid id, ResolveEscalationRequest body, ClaimsPrincipal user,
        ResolveEscalation useCase, EscalationQueries queries, CancellationToken ct)
    {
        await useCase.ExecuteAsync(user.Actor(), id, body.Outcome, ct);
        return TypedResults.Ok(await DetailAsync(user, queries, id, ct));
    }

    private static async Task<Ok<EscalationResponse>> Rate(Guid id, RateEscalationRequest body, ClaimsPrincipal user, RateEscalation useCase,
        EscalationQueries queries, CancellationToken ct)
    {
        await useCase.ExecuteAsync(user.Actor(), id, body.Level!.Value, body.Comment, ct);
        return TypedResults.Ok(await DetailAsync(user, queries, id, ct));
    }

    /// <param name="period">月份，yyyy-MM（可为当月）。</param>
    /// <param name="streetId">街道；街道管理员默认本街道。</param>
    private static async Task<Ok<EscalationStatisticsResponse>> Statistics(ClaimsPrincipal user, EscalationStatisticsQueries statistics,
        TimeProvider clock, string? period, Guid? streetId, CancellationToken ct)
    {
        var month = QueryValues.NotFuture(QueryValues.RequiredPeriod(period), clock.GetUtcNow(), allowCurrent: true);
        return TypedResults.Ok(EscalationStatisticsResponse.Of(await statistics.LoadAsync(user.Actor(), streetId, month, ct)));
    }

    private static async Task<EscalationResponse> DetailAsync(ClaimsPrincipal user, EscalationQueries queries, Guid id, CancellationToken ct)
    {
        var escalation = await queries.DetailAsync(user.Actor(), id, ct);
        return EscalationResponse.Of(escalation, await queries.NamesAsync([escalation], ct), true);
    }
}
