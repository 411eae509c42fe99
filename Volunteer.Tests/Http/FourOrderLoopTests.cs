using System.Net;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Claims;
using Volunteer.Api.Needs;
using Volunteer.Api.Points;
using Volunteer.Api.Tasks;
using Volunteer.Domain.Common;
using Volunteer.Domain.Members;
using Volunteer.Domain.Tasks;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>居民下单 → 社区发单 → 接单 → 联合评单 → 积分, end to end, on each database.</summary>
public abstract class FourOrderLoopTests(ApiFactory api)
{
    [Fact]
    public async Task A_need_becomes_a_task_whose_verified_service_earns_points_and_hours_once()
    {
        var place = await api.NewCommunityAsync();
        var elder = await api.NewResidentAsync(place, circumstances: Circumstances.LivingAlone, name: "王秀英");
        var volunteer = await api.NewResidentAsync(place, name: "李明");
        var staff = api.Client(place.StaffToken);
        var now = api.Clock.GetUtcNow();

        // 居民下单
        var need = await (await api.Client(elder.Token).PostJsonAsync("/api/v1/needs", new
        {
            title = "陪同去医院复查",
            description = "腿脚不便",
            category = "elderlyCare",
            address = "东门大街 18 号 3 栋 201 室",
        })).ReadAsync<NeedResponse>(HttpStatusCode.Created);
        Assert.Equal(Volunteer.Domain.Needs.NeedStatus.Pending, need.Status);
        Assert.True(need.IsSensitive);

        // 社区发单
        var approved = await (await staff.PostJsonAsync($"/api/v1/needs/{need.Id}/approve", new
        {
            slots = 1,
            points = 10,
            startsAt = now.AddMinutes(-5),
            endsAt = now.AddHours(3),
        })).ReadAsync<ApprovedNeedResponse>(HttpStatusCode.Created);
        Assert.Equal(Volunteer.Domain.Needs.NeedStatus.Approved, approved.Need.Status);
        var taskId = approved.Task.Id;

        // Before claiming, the vulnerable resident's address is hidden from the volunteer.
        var before = await (await api.Client(volunteer.Token).GetAsync($"/api/v1/tasks/{taskId}")).ReadAsync<TaskResponse>();
        Assert.Null(before.Address);
        Assert.True(before.AddressHidden);

        // 党员接单, 签到, 签退
        var checkedOut = await api.ServeAsync(place, volunteer.Token, taskId, TimeSpan.FromMinutes(90));
        Assert.Equal(ClaimStatus.CheckedOut, checkedOut.Status);
        Assert.Equal(1.5m, checkedOut.Hours);

        var after = await (await api.Client(volunteer.Token).GetAsync($"/api/v1/tasks/{taskId}")).ReadAsync<TaskResponse>();
        Assert.Equal("东门大街 18 号 3 栋 201 室", after.Address);

        // 联合评单: the requester rates, staff verify.
        var rated = await (await api.Client(elder.Token).PostJsonAsync($"/api/v1/claims/{checkedOut.Id}/rating",
            new { stars = 5, comment = "很耐心" })).ReadAsync<ClaimResponse>();
        Assert.Equal(5, rated.Rating!.Stars);
        var verified = await (await staff.PostJsonAsync($"/api/v1/claims/{checkedOut.Id}/verify", new { approved = true }))
            .ReadAsync<ClaimResponse>();
        Assert.Equal(ClaimStatus.Verified, verified.Status);
        Assert.Equal(10, verified.PointsAwarded);

        // Retrying the verification changes nothing.
        var again = await staff.PostJsonAsync($"/api/v1/claims/{checkedOut.Id}/verify", new { approved = true });
        Assert.Equal("claim.alreadyVerified", (await again.ProblemAsync(HttpStatusCode.Conflict)).Code);

        var points = await (await api.Client(volunteer.Token).GetAsync("/api/v1/me/points")).ReadAsync<PointsResponse>();
        Assert.Equal(10, points.Balance);
        Assert.Equal(1.5m, points.TotalHours);
        var ledger = await (await api.Client(volunteer.Token).GetAsync("/api/v1/me/points/ledger"))
            .ReadAsync<Volunteer.Api.Http.Paged<LedgerEntryResponse>>();
        var entry = Assert.Single(ledger.Items);
        Assert.Equal((Volunteer.Domain.Points.LedgerEntryKind.Earn, 10, checkedOut.Id, 10), (entry.Kind, entry.Amount, entry.SourceId, entry.BalanceAfter));

        // The running monthly total, kept for rankings, counts the service where it was done.
        var total = await api.DbAsync(db => db.MonthlyTotals.SingleAsync(t => t.MemberId == volunteer.Id));
        Assert.Equal((Period.Of(api.Clock.GetUtcNow()).Key, place.CommunityId, place.GridId, 10, 90),
            (total.Period, total.CommunityId, total.GridId, total.Points, total.Minutes));
    }

    [Fact]
    public async Task A_partner_organisation_claims_as_a_unit_only_where_it_has_a_co_building_agreement()
    {
        var place = await api.NewCommunityAsync();
        var elsewhere = await api.NewCommunityAsync(place.StreetId);
        var (_, unitStaff) = await api.NewPartnerAsync(place);
        var served = await api.PublishTaskAsync(place);
        var notServed = await api.PublishTaskAsync(elsewhere);

        var refused = await api.Client(unitStaff.Token).PostJsonAsync($"/api/v1/tasks/{notServed}/claims");
        Assert.Equal("claim.partnerNotServing", (await refused.ProblemAsync(HttpStatusCode.Forbidden)).Code);
        Assert.Equal(0, await api.DbAsync(db => db.Claims.CountAsync(c => c.TaskId == notServed)));

        var claim = await api.ClaimAsync(unitStaff.Token, served);
        Assert.Equal((null, unitStaff.Account.PartnerId), (claim.MemberId, claim.PartnerId));
    }

    [Fact]
    public async Task Cancelling_a_claim_before_check_in_returns_the_slot()
    {
        var place = await api.NewCommunityAsync();
        var first = await api.NewResidentAsync(place);
        var second = await api.NewResidentAsync(place);
        var taskId = await api.PublishTaskAsync(place, slots: 1);

        var claim = await api.ClaimAsync(first.Token, taskId);
        var full = await api.Client(second.Token).PostJsonAsync($"/api/v1/tasks/{taskId}/claims");
        Assert.Equal("task.full", (await full.ProblemAsync(HttpStatusCode.Conflict)).Code);

        var cancelled = await (await api.Client(first.Token).PostJsonAsync($"/api/v1/claims/{claim.Id}/cancel")).ReadAsync<ClaimResponse>();
        Assert.Equal(ClaimStatus.Cancelled, cancelled.Status);
        await api.ClaimAsync(second.Token, taskId);

        var task = await (await api.Client(second.Token).GetAsync($"/api/v1/tasks/{taskId}")).ReadAsync<TaskResponse>();
        Assert.Equal((1, 0), (task.Taken, task.Remaining));
    }

    [Fact]
    public async Task Cancelling_a_task_ends_open_claims_with_the_reason_claimants_see()
    {
        var place = await api.NewCommunityAsync();
        var volunteer = await api.NewResidentAsync(place);
        var taskId = await api.PublishTaskAsync(place);
        await api.ClaimAsync(volunteer.Token, taskId);

        var cancelled = await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/tasks/{taskId}/cancel", new { reason = "暴雨预警，活动取消" }))
            .ReadAsync<TaskResponse>();
        Assert.Equal(Volunteer.Domain.Tasks.ServiceTaskStatus.Cancelled, cancelled.Status);

        var mine = await (await api.Client(volunteer.Token).GetAsync("/api/v1/me/claims")).ReadAsync<Volunteer.Api.Http.Paged<ClaimResponse>>();
        var claim = Assert.Single(mine.Items);
        Assert.Equal((ClaimStatus.TaskCancelled, "暴雨预警，活动取消"), (claim.Status, claim.StatusReason));

        var late = await api.Client((await api.NewResidentAsync(place)).Token).PostJsonAsync($"/api/v1/tasks/{taskId}/claims");
        Assert.Equal("task.cancelled", (await late.ProblemAsync(HttpStatusCode.Conflict)).Code);
        var code = await api.Client(place.StaffToken).GetAsync($"/api/v1/tasks/{taskId}/check-in-code");
        Assert.Equal("task.cancelled", (await code.ProblemAsync(HttpStatusCode.Conflict)).Code);
    }

    [Fact]
    public async Task No_check_in_code_is_issued_once_a_task_has_ended()
    {
        var place = await api.NewCommunityAsync();
        var now = api.Clock.GetUtcNow();
        var taskId = await api.PublishTaskAsync(place, startsAt: now.AddMinutes(-10), endsAt: now.AddHours(1));
        await (await api.Client(place.StaffToken).GetAsync($"/api/v1/tasks/{taskId}/check-in-code")).ShouldBeAsync(HttpStatusCode.OK);

        api.Clock.Advance(TimeSpan.FromHours(1));
        var code = await api.Client(place.StaffToken).GetAsync($"/api/v1/tasks/{taskId}/check-in-code");
        Assert.Equal("task.ended", (await code.ProblemAsync(HttpStatusCode.Conflict)).Code);
    }
}

public sealed class FourOrderLoopOnPostgres(PostgresApi api) : FourOrderLoopTests(api), IClassFixture<PostgresApi>;

public sealed class FourOrderLoopOnSqlite(SqliteApi api) : FourOrderLoopTests(api), IClassFixture<SqliteApi>;
