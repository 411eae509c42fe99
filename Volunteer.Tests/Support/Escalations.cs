using System.Net;
using Volunteer.Api.Auth;
using Volunteer.Api.Escalations;
using Volunteer.Api.Needs;

namespace Volunteer.Tests.Support;

/// <summary>A department of a street with one staff account, signed in through the API.</summary>
public sealed record DepartmentDesk(Guid Id, string Name, Guid StaffId, string StaffToken, string Username);

/// <summary>Builds escalation data through the API, as the street admin and community staff would.</summary>
public static class Escalations
{
    /// <summary>The admin registers a department and its staff account; the staff member signs in with the password.</summary>
    public static async Task<DepartmentDesk> NewDepartmentAsync(this ApiFactory api, StaffPerson admin, string? name = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var department = await (await api.Client(admin.Token).PostJsonAsync("/api/v1/admin/departments", new { name = name ?? "城管中队" + suffix }))
            .ReadAsync<DepartmentResponse>(HttpStatusCode.Created);
        var username = "dept-" + suffix;
        var account = await (await api.Client(admin.Token).PostJsonAsync("/api/v1/admin/accounts", new
        {
            username, password = World.Password, displayName = department.Name + "工作人员", role = "departmentStaff", departmentId = department.Id,
        })).ReadAsync<Volunteer.Api.Admin.AccountResponse>(HttpStatusCode.Created);
        var signedIn = await (await api.Client().PostJsonAsync("/api/v1/auth/password", new { username, password = World.Password }))
            .ReadAsync<SignInResponse>();
        return new DepartmentDesk(department.Id, department.Name, account.Id, signedIn.AccessToken, username);
    }

    /// <summary>The resident posts a need and the community's staff escalate it to the street.</summary>
    public static async Task<EscalationResponse> EscalatedNeedAsync(this ApiFactory api, Place place, Person requester, string title = "南门夜市占道经营")
    {
        var need = await (await api.Client(requester.Token).PostJsonAsync("/api/v1/needs", new { title, category = "other", description = "油烟扰民" }))
            .ReadAsync<NeedResponse>(HttpStatusCode.Created);
        return await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/needs/{need.Id}/escalation", new { reason = "需城管执法，社区劝导无效" }))
            .ReadAsync<EscalationResponse>(HttpStatusCode.Created);
    }

    public static async Task<EscalationResponse> DispatchAsync(this ApiFactory api, StaffPerson admin, Guid escalationId, DateTimeOffset dueAt,
        params DepartmentDesk[] departments) =>
        await (await api.Client(admin.Token).PostJsonAsync($"/api/v1/escalations/{escalationId}/dispatch",
            new { departmentIds = departments.Select(d => d.Id).ToArray(), dueAt })).ReadAsync<EscalationResponse>();

    public static async Task<EscalationResponse> AcknowledgeAsync(this ApiFactory api, DepartmentDesk department, Guid escalationId) =>
        await (await api.Client(department.StaffToken).PostJsonAsync($"/api/v1/escalations/{escalationId}/acknowledge")).ReadAsync<EscalationResponse>();

    public static async Task<EscalationResponse> ResolveAsync(this ApiFactory api, DepartmentDesk department, Guid escalationId, string outcome = "已处理") =>
        await (await api.Client(department.StaffToken).PostJsonAsync($"/api/v1/escalations/{escalationId}/resolve", new { outcome }))
            .ReadAsync<EscalationResponse>();
}
