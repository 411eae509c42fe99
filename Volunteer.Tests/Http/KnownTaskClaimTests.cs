using System.Net;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Claims;
using Volunteer.Domain.Notifications;
using Volunteer.Domain.Tasks;
using Volunteer.Tests.Persistence;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>
/// Claims of a task the API has seen claimed before, whose published terms it keeps: on PostgreSQL a resident's claim
/// is then one statement, and when that statement takes nothing the read and the entity explain why. The answers are
/// those of the task's first claim — same status, same code, nothing written — on both providers, raced for real.
/// </summary>
public abstract class KnownTaskClaimTests(ApiFactory api)
{
    public enum Refusal { Full, Cancelled, Closed, Ended, OwnNeed, PartyMembersOnly, OtherStreet, Duplicate, DuplicateOfFull }

    [Theory]
    [InlineData(Refusal.Full, HttpStatusCode.Conflict, "task.full")]
    [InlineData(Refusal.Cancelled, HttpStatusCode.Conflict, "task.cancelled")]
    [InlineData(Refusal.Closed, HttpStatusCode.Conflict, "task.ended")]
    [InlineData(Refusal.Ended, HttpStatusCode.Conflict, "task.ended")]
    [InlineData(Refusal.OwnNeed, HttpStatusCode.Forbidden, "claim.ownNeed")]
    [InlineData(Refusal.PartyMembersOnly, HttpStatusCode.Forbidden, "task.partyMembersOnly")]
    [InlineData(Refusal.OtherStreet, HttpStatusCode.NotFound, "task.notFound")]
    [InlineData(Refusal.Duplicate, HttpStatusCode.Conflict, "claim.duplicate")]
    [InlineData(Refusal.DuplicateOfFull, HttpStatusCode.Conflict, "claim.duplicate")]
    public async Task A_refused_claim_of_a_known_task_answers_as_before_and_writes_nothing(Refusal refusal, HttpStatusCode status, string code)
    {
        var place = await api.NewCommunityAsync();
        var elsewhere = await api.NewCommunityAsync();
        var known = await api.NewResidentAsync(place, partyMember: true);
        var member = await api.NewResidentAsync(refusal == Refusal.OtherStreet ? elsewhere : place);
        var slots = refusal is Refusal.Full or Refusal.DuplicateOfFull ? 2 : 3;
        var taskId = refusal switch
        {
            Refusal.OwnNeed => await ClaimSqlTests.NeedOfAsync(api, place, member, partyMembersOnly: false),
            Refusal.PartyMembersOnly => await api.PublishTaskAsync(place, slots: slots, partyMembersOnly: true),
            _ => await api.PublishTaskAsync(place, slots: slots),
        };
        await api.ClaimAsync(known.Token, taskId); // the task is known here from now on
        var now = api.Clock.GetUtcNow();
        switch (refusal)
        {
            case Refusal.Full:
                await api.ClaimAsync((await api.NewResidentAsync(place)).Token, taskId);
                break;
            case Refusal.DuplicateOfFull:
                await api.ClaimAsync(member.Token, taskId);
                break;
            case Refusal.Duplicate:
                await api.ClaimAsync(member.Token, taskId);
                break;
            case Refusal.Cancelled:
                await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/tasks/{taskId}/cancel", new { reason = "暴雨预警" }))
                    .ShouldBeAsync(HttpStatusCode.OK);
                break;
            case Refusal.Closed:
                await api.DbAsync(db => db.Tasks.Where(t => t.Id == taskId)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, ServiceTaskStatus.Closed).SetProperty(t => t.EndsAt, now)));
                break;
            case Refusal.Ended: // the end passed (the time the task was published for is over)
                await api.DbAsync(db => db.Tasks.Where(t => t.Id == taskId).ExecuteUpdateAsync(s => s.SetProperty(t => t.EndsAt, now)));
                break;
        }
        var before = await SnapshotAsync(taskId);

        var problem = await (await api.Client(member.Token).PostJsonAsync($"/api/v1/tasks/{taskId}/claims")).ProblemAsync(status);

        Assert.Equal(code, problem.Code);
        Assert.Equal(before, await SnapshotAsync(taskId));
    }

    [Fact]
    public async Task A_known_task_whose_title_changed_is_claimed_under_its_new_title()
    {
        // No use case edits a published task today. Were one added, a claim must not quote the title this instance
        // kept: the one statement takes nothing, the read brings the task as it is, and the claim goes through.
        var place = await api.NewCommunityAsync();
        var taskId = await api.PublishTaskAsync(place, slots: 3);
        await api.ClaimAsync((await api.NewResidentAsync(place)).Token, taskId);
        await api.DbAsync(db => db.Tasks.Where(t => t.Id == taskId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Title, "楼道清扫")));
        var member = await api.NewResidentAsync(place);

        var claim = await api.ClaimAsync(member.Token, taskId);
        var again = await api.ClaimAsync((await api.NewResidentAsync(place)).Token, taskId);

        Assert.Equal(("楼道清扫", "楼道清扫"), (claim.TaskTitle, again.TaskTitle));
        var bodies = await api.DbAsync(db => db.Notifications
            .Where(n => (n.SubjectId == claim.Id || n.SubjectId == again.Id) && n.Kind == NotificationKind.ClaimAccepted)
            .Select(n => n.Body).ToListAsync());
        Assert.Equal(2, bodies.Count);
        Assert.All(bodies, body => Assert.Contains("「楼道清扫」", body));
        Assert.Equal(3, await api.DbAsync(db => db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync()));
    }

    [Fact]
    public async Task A_known_task_is_claimed_from_every_community_of_its_street_and_not_by_a_member_who_moved_out_of_it()
    {
        // The one statement takes the street of the task as the claim's read found it once, and finds the member's own
        // street as it is now: a neighbour community's resident claims, a resident who moved to another street does not.
        var place = await api.NewCommunityAsync();
        var neighbour = await api.NewCommunityAsync(place.StreetId);
        var elsewhere = await api.NewCommunityAsync();
        var taskId = await api.PublishTaskAsync(place, slots: 5);
        await api.ClaimAsync((await api.NewResidentAsync(place)).Token, taskId); // the task is known here from now on
        var fromNeighbour = await api.NewResidentAsync(neighbour, name: "周小梅");
        var mover = await api.NewResidentAsync(place);
        await api.ClaimAsync(mover.Token, await api.PublishTaskAsync(place)); // the mover's token is known too
        await api.DbAsync(async db =>
        {
            var member = await db.Members.SingleAsync(m => m.Id == mover.Id);
            member.MoveTo(await db.Communities.SingleAsync(c => c.Id == elsewhere.CommunityId), null);
            await db.SaveChangesAsync();
        });

        var claim = await api.ClaimAsync(fromNeighbour.Token, taskId);
        var before = await SnapshotAsync(taskId);
        var problem = await (await api.Client(mover.Token).PostJsonAsync($"/api/v1/tasks/{taskId}/claims")).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal((taskId, "周小梅"), (claim.TaskId, claim.ClaimantName));
        Assert.Equal("task.notFound", problem.Code);
        Assert.Equal(before, await SnapshotAsync(taskId));
        Assert.Equal((2, 2), (before.Taken, before.Claims));
    }

    [Fact]
    public async Task Forty_members_claiming_the_last_four_slots_of_a_known_task_at_once_get_exactly_four()
    {
        var place = await api.NewCommunityAsync();
        var members = await api.NewResidentsAsync(place, 40);
        var taskId = await api.PublishTaskAsync(place, slots: 5);
        await api.ClaimAsync((await api.NewResidentAsync(place)).Token, taskId);

        var race = await api.AllAtOnceAsync(members.Select(m => Racer.Post(m.Token, $"/api/v1/tasks/{taskId}/claims")).ToList());

        Assert.Equal((4, 36), (race.Count(HttpStatusCode.Created), race.Count(HttpStatusCode.Conflict)));
        Assert.All(await race.RefusalCodesAsync(HttpStatusCode.Created, HttpStatusCode.Conflict), c => Assert.Equal("task.full", c));
        var (taken, claims, messages) = await api.DbAsync(async db => (
            await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync(),
            await db.Claims.CountAsync(c => c.TaskId == taskId && c.Status == ClaimStatus.Accepted),
            await db.Notifications.CountAsync(n => n.Kind == NotificationKind.ClaimAccepted && db.Claims.Any(c => c.Id == n.SubjectId && c.TaskId == taskId))));
        Assert.Equal((5, 5, 5), (taken, claims, messages));
    }

    [Fact]
    public async Task A_member_claiming_a_known_task_ten_times_at_once_holds_one_claim()
    {
        var place = await api.NewCommunityAsync();
        var member = await api.NewResidentAsync(place);
        var taskId = await api.PublishTaskAsync(place, slots: 5);
        await api.ClaimAsync((await api.NewResidentAsync(place)).Token, taskId);

        var race = await api.AllAtOnceAsync(10, _ => Racer.Post(member.Token, $"/api/v1/tasks/{taskId}/claims"));

        Assert.Equal((1, 9), (race.Count(HttpStatusCode.Created), race.Count(HttpStatusCode.Conflict)));
        Assert.All(await race.RefusalCodesAsync(HttpStatusCode.Created, HttpStatusCode.Conflict), c => Assert.Equal("claim.duplicate", c));
        Assert.Equal((2, 1), await api.DbAsync(async db => (
            await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync(),
            await db.Claims.CountAsync(c => c.TaskId == taskId && c.MemberId == member.Id))));
    }

    [Fact]
    public async Task Cancelling_a_known_task_while_members_claim_it_leaves_no_live_claim()
    {
        var place = await api.NewCommunityAsync();
        var members = await api.NewResidentsAsync(place, 20);
        var taskId = await api.PublishTaskAsync(place, slots: 6);
        await api.ClaimAsync((await api.NewResidentAsync(place)).Token, taskId);

        var racers = members.Select(m => Racer.Post(m.Token, $"/api/v1/tasks/{taskId}/claims")).ToList();
        const int cancelAt = 10;
        racers.Insert(cancelAt, Racer.Post(place.StaffToken, $"/api/v1/tasks/{taskId}/cancel", new { reason = "暴雨预警，活动取消" }));
        var race = await api.AllAtOnceAsync(racers);

        await race.Responses[cancelAt].ShouldBeAsync(HttpStatusCode.OK);
        var claimed = race.Responses.Where((_, i) => i != cancelAt).ToList();
        Assert.All(claimed, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        foreach (var refused in claimed.Where(r => r.StatusCode == HttpStatusCode.Conflict))
            Assert.Contains((await refused.ProblemAsync(HttpStatusCode.Conflict)).Code, new[] { "task.cancelled", "task.full" });
        var claims = await api.DbAsync(db => db.Claims.Where(c => c.TaskId == taskId).ToListAsync());
        Assert.Equal(claimed.Count(r => r.StatusCode == HttpStatusCode.Created) + 1, claims.Count);
        Assert.All(claims, c => Assert.Equal((ClaimStatus.TaskCancelled, "暴雨预警，活动取消"), (c.Status, c.StatusReason)));
    }

    private Task<(int Taken, int Claims, int Messages)> SnapshotAsync(Guid taskId) => api.DbAsync(async db => (
        await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync(),
        await db.Claims.CountAsync(c => c.TaskId == taskId),
        await db.Notifications.CountAsync(n => n.Kind == NotificationKind.ClaimAccepted && db.Claims.Any(c => c.Id == n.SubjectId && c.TaskId == taskId))));
}

public sealed class KnownTaskClaimsOnPostgres(PostgresApi api) : KnownTaskClaimTests(api), IClassFixture<PostgresApi>;

public sealed class KnownTaskClaimsOnSqlite(SqliteApi api) : KnownTaskClaimTests(api), IClassFixture<SqliteApi>;
