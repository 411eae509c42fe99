using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Claims;
using Volunteer.Api.Needs;
using Volunteer.Api.Points;
using Volunteer.Api.Tasks;
using Volunteer.Domain.Members;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>Service at the requester's home: the requester's check-in code, check-in by position, staff confirmation.</summary>
public abstract class AtHomeCheckInTests(ApiFactory api)
{
    // A home in 东门社区 (丹阳); 0.001° of latitude is about 111 m.
    private const double HomeLat = 31.9912, HomeLon = 119.5756;

    /// <summary>A need of <paramref name="requester"/> (posted by themselves or by staff on their behalf) approved into a one-slot task at the home.</summary>
    private async Task<Guid> HomeTaskAsync(Place place, Person requester, bool onBehalf, DateTimeOffset? startsAt = null, bool located = true)
    {
        var now = api.Clock.GetUtcNow();
        var poster = api.Client(onBehalf ? place.StaffToken : requester.Token);
        var need = await (await poster.PostJsonAsync("/api/v1/needs", new
        {
            title = "上门帮忙换灯泡",
            category = "elderlyCare",
            address = "东门大街 18 号 3 栋 201 室",
            onBehalfOfMemberId = onBehalf ? requester.Id : (Guid?)null,
        })).ReadAsync<NeedResponse>(HttpStatusCode.Created);
        var approved = await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/needs/{need.Id}/approve", new
        {
            slots = 1,
            points = 10,
            startsAt = startsAt ?? now.AddMinutes(-5),
            endsAt = (startsAt ?? now).AddHours(3),
            latitude = located ? HomeLat : (double?)null,
            longitude = located ? HomeLon : (double?)null,
        })).ReadAsync<ApprovedNeedResponse>(HttpStatusCode.Created);
        return approved.Task.Id;
    }

    [Fact]
    public async Task The_requester_shows_the_check_in_code_at_the_door_and_the_volunteer_checks_in_with_it()
    {
        var place = await api.NewCommunityAsync();
        var elder = await api.NewResidentAsync(place, name: "王秀英");
        var volunteer = await api.NewResidentAsync(place);
        var neighbour = await api.NewResidentAsync(place);
        var taskId = await HomeTaskAsync(place, elder, onBehalf: false, located: false);
        var claim = await api.ClaimAsync(volunteer.Token, taskId);

        var code = await (await api.Client(elder.Token).GetAsync($"/api/v1/tasks/{taskId}/check-in-code")).ReadAsync<CheckInCodeResponse>();
        Assert.Matches("^[0-9]{6}$", code.Code);
        // Nobody else gets it: not the volunteer, not a neighbour, not staff of another community.
        foreach (var token in new[] { volunteer.Token, neighbour.Token, (await api.NewCommunityAsync(place.StreetId)).StaffToken })
            Assert.Equal("community.forbidden", (await (await api.Client(token).GetAsync($"/api/v1/tasks/{taskId}/check-in-code"))
                .ProblemAsync(HttpStatusCode.Forbidden)).Code);

        var checkedIn = await (await api.Client(volunteer.Token).PostJsonAsync($"/api/v1/claims/{claim.Id}/check-in", new { code = code.Code }))
            .ReadAsync<ClaimResponse>();
        Assert.Equal((ClaimStatus.CheckedIn, CheckInMethod.Code), (checkedIn.Status, checkedIn.CheckInMethod));
    }

    [Fact]
    public async Task A_volunteer_checks_in_by_position_within_the_radius_and_the_distance_is_recorded()
    {
        var place = await api.NewCommunityAsync();
        var elder = await api.NewResidentAsync(place);
        var volunteer = await api.NewResidentAsync(place);
        var taskId = await HomeTaskAsync(place, elder, onBehalf: false);
        var claim = await api.ClaimAsync(volunteer.Token, taskId);

        // The location is shown with the address, to those who may see the address.
        var task = await (await api.Client(volunteer.Token).GetAsync($"/api/v1/tasks/{taskId}")).ReadAsync<TaskResponse>();
        Assert.Equal((HomeLat, HomeLon), (task.Latitude!.Value, task.Longitude!.Value));

        var response = await api.Client(volunteer.Token).PostJsonAsync($"/api/v1/claims/{claim.Id}/check-in",
            new { latitude = HomeLat + 0.0015, longitude = HomeLon });
        var checkedIn = await response.ReadAsync<ClaimResponse>();
        Assert.Equal((ClaimStatus.CheckedIn, CheckInMethod.Position, 167), (checkedIn.Status, checkedIn.CheckInMethod, checkedIn.CheckInDistanceMeters));
        var stored = await api.DbAsync(db => db.Claims.AsNoTracking().SingleAsync(c => c.Id == claim.Id));
        Assert.Equal((CheckInMethod.Position, 167), (stored.CheckInMethod, stored.CheckInDistanceMeters));
    }

    [Fact]
    public async Task A_position_outside_the_radius_is_refused_saying_how_far_away_it_was()
    {
        var place = await api.NewCommunityAsync();
        var elder = await api.NewResidentAsync(place);
        var volunteer = await api.NewResidentAsync(place);
        var taskId = await HomeTaskAsync(place, elder, onBehalf: false);
        var claim = await api.ClaimAsync(volunteer.Token, taskId);

        var response = await api.Client(volunteer.Token).PostJsonAsync($"/api/v1/claims/{claim.Id}/check-in",
            new { latitude = HomeLat + 0.01, longitude = HomeLon });
        await response.Content.LoadIntoBufferAsync();
        var body = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync()).RootElement;
        var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("checkIn.tooFar", problem.Code);
        Assert.Equal(1112, body.GetProperty("distanceMeters").GetInt32());
        Assert.Equal(200, body.GetProperty("radiusMeters").GetInt32());
        Assert.Contains("1112 米", problem.Detail);
        var stored = await api.DbAsync(db => db.Claims.AsNoTracking().SingleAsync(c => c.Id == claim.Id));
        Assert.Equal((ClaimStatus.Accepted, null), (stored.Status, stored.CheckInDistanceMeters));

        // Half a coordinate, or one out of range, is bad input.
        var half = await api.Client(volunteer.Token).PostJsonAsync($"/api/v1/claims/{claim.Id}/check-in", new { latitude = HomeLat });
        Assert.Contains("longitude", (await half.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        var wild = await api.Client(volunteer.Token).PostJsonAsync($"/api/v1/claims/{claim.Id}/check-in", new { latitude = 91.0, longitude = HomeLon });
        Assert.Contains("latitude", (await wild.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
    }

    [Fact]
    public async Task A_position_check_in_outside_the_time_window_is_refused_even_at_the_door()
    {
        var place = await api.NewCommunityAsync();
        var elder = await api.NewResidentAsync(place);
        var volunteer = await api.NewResidentAsync(place);
        var taskId = await HomeTaskAsync(place, elder, onBehalf: false, startsAt: api.Clock.GetUtcNow().AddHours(2));
        var claim = await api.ClaimAsync(volunteer.Token, taskId);

        var early = await api.Client(volunteer.Token).PostJsonAsync($"/api/v1/claims/{claim.Id}/check-in", new { latitude = HomeLat, longitude = HomeLon });
        Assert.Equal("claim.tooEarly", (await early.ProblemAsync(HttpStatusCode.Conflict)).Code);
        api.Clock.Advance(TimeSpan.FromHours(5.5));
        var late = await api.Client(volunteer.Token).PostJsonAsync($"/api/v1/claims/{claim.Id}/check-in", new { latitude = HomeLat, longitude = HomeLon });
        Assert.Equal("claim.tooLate", (await late.ProblemAsync(HttpStatusCode.Conflict)).Code);

        // A task without a location takes codes only.
        var plain = await api.PublishTaskAsync(place);
        var other = await api.ClaimAsync(volunteer.Token, plain);
        var noLocation = await api.Client(volunteer.Token).PostJsonAsync($"/api/v1/claims/{other.Id}/check-in", new { latitude = HomeLat, longitude = HomeLon });
        Assert.Equal("checkIn.noLocation", (await noLocation.ProblemAsync(HttpStatusCode.Conflict)).Code);
    }

    [Fact]
    public async Task Staff_confirm_afterwards_a_service_for_a_resident_without_a_smartphone_with_the_reason_kept()
    {
        var place = await api.NewCommunityAsync();
        var elder = await api.NewResidentAsync(place, circumstances: Circumstances.LivingAlone, name: "王秀英");
        var volunteer = await api.NewResidentAsync(place);
        var taskId = await HomeTaskAsync(place, elder, onBehalf: true, located: false);
        var claim = await api.ClaimAsync(volunteer.Token, taskId);

        // Verification still needs a check-in; the volunteer cannot confirm for themselves.
        Assert.Equal("claim.notCheckedIn", (await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/claims/{claim.Id}/verify",
            new { approved = true, hours = 1 })).ProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal("claim.notManager", (await (await api.Client(volunteer.Token).PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm-service",
            new { hours = 1, reason = "我去过了" })).ProblemAsync(HttpStatusCode.Forbidden)).Code);
        var missing = await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm-service", new { hours = 1 });
        Assert.Contains("reason", (await missing.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);

        // The task ended; the sweep marked the claim a no-show. That evening staff call the elder and confirm.
        api.Clock.Advance(TimeSpan.FromHours(6));
        await api.UseAsync<RunExpirySweeps, IReadOnlyDictionary<string, int>>(u => u.ExecuteAsync(default));
        Assert.Equal(1, await api.DbAsync(db => db.Members.Where(m => m.Id == volunteer.Id).Select(m => m.NoShowCount).SingleAsync()));

        var confirmed = await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm-service",
            new { hours = 1.5, reason = "电话回访王奶奶，确认志愿者已上门换好灯泡" })).ReadAsync<ClaimResponse>();
        Assert.Equal((ClaimStatus.Verified, CheckInMethod.StaffConfirmed, 1.5m, 10), (confirmed.Status, confirmed.CheckInMethod, confirmed.Hours, confirmed.PointsAwarded));
        Assert.Equal("电话回访王奶奶，确认志愿者已上门换好灯泡", confirmed.StaffConfirmationReason);

        // The volunteer sees it too; the points came once, the no-show was taken back, the slot is held again.
        var seen = await (await api.Client(volunteer.Token).GetAsync($"/api/v1/claims/{claim.Id}")).ReadAsync<ClaimResponse>();
        Assert.Equal((CheckInMethod.StaffConfirmed, "电话回访王奶奶，确认志愿者已上门换好灯泡"), (seen.CheckInMethod!.Value, seen.StaffConfirmationReason));
        var points = await (await api.Client(volunteer.Token).GetAsync("/api/v1/me/points")).ReadAsync<PointsResponse>();
        Assert.Equal((10, 1.5m), (points.Balance, points.TotalHours));
        Assert.Equal((0, 1), await api.DbAsync(async db => (
            await db.Members.Where(m => m.Id == volunteer.Id).Select(m => m.NoShowCount).SingleAsync(),
            await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync())));
        Assert.Equal("claim.alreadyVerified", (await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm-service",
            new { hours = 1, reason = "再次确认" })).ProblemAsync(HttpStatusCode.Conflict)).Code);

        // Anomaly rules find such confirmations by the flag.
        Assert.Equal([claim.Id], await api.DbAsync(db => db.Claims.Where(c => c.TaskId == taskId && c.CheckInMethod == CheckInMethod.StaffConfirmed)
            .Select(c => c.Id).ToListAsync()));
    }

    [Fact]
    public async Task Staff_confirmation_is_only_for_needs_posted_on_a_residents_behalf()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);
        var volunteer = await api.NewResidentAsync(place);
        var own = await HomeTaskAsync(place, resident, onBehalf: false, located: false);
        var claim = await api.ClaimAsync(volunteer.Token, own);
        Assert.Equal("claim.notOnBehalf", (await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm-service",
            new { hours = 1, reason = "补录" })).ProblemAsync(HttpStatusCode.Conflict)).Code);
        var direct = await api.ClaimAsync(volunteer.Token, await api.PublishTaskAsync(place));
        Assert.Equal("claim.notOnBehalf", (await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/claims/{direct.Id}/confirm-service",
            new { hours = 1, reason = "补录" })).ProblemAsync(HttpStatusCode.Conflict)).Code);
        Assert.Equal(ClaimStatus.Accepted, await api.DbAsync(db => db.Claims.Where(c => c.Id == claim.Id).Select(c => c.Status).SingleAsync()));
    }
}

public sealed class AtHomeCheckInOnPostgres(PostgresApi api) : AtHomeCheckInTests(api), IClassFixture<PostgresApi>;

public sealed class AtHomeCheckInOnSqlite(SqliteApi api) : AtHomeCheckInTests(api), IClassFixture<SqliteApi>;
