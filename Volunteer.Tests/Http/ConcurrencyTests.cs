using System.Net;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Claims;
using Volunteer.Api.Http;
using Volunteer.Api.Needs;
using Volunteer.Api.Points;
using Volunteer.Api.Tasks;
using Volunteer.Domain.Members;
using Volunteer.Domain.Points;
using Volunteer.Domain.Tasks;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>
/// The rules that must hold "however many people act at once", raced for real: every request is
/// released at the same moment, and the database is checked afterwards, on each provider.
/// </summary>
public abstract class ConcurrencyTests(ApiFactory api)
{
    [Fact]
    public async Task Fifty_members_claiming_a_five_slot_task_at_once_get_exactly_five_slots()
    {
        var place = await api.NewCommunityAsync();
        var members = await api.NewResidentsAsync(place, 50);
        var taskId = await api.PublishTaskAsync(place, slots: 5);

        var race = await api.AllAtOnceAsync(members.Select(m => Racer.Post(m.Token, $"/api/v1/tasks/{taskId}/claims")).ToList());

        Assert.Equal((5, 45), (race.Count(HttpStatusCode.Created), race.Count(HttpStatusCode.Conflict)));
        Assert.All(await race.RefusalCodesAsync(HttpStatusCode.Created, HttpStatusCode.Conflict), code => Assert.Equal("task.full", code));
        var winners = members.Where((_, i) => race.Responses[i].StatusCode == HttpStatusCode.Created).Select(m => m.Id).Order().ToList();

        var task = await (await api.Client(members[0].Token).GetAsync($"/api/v1/tasks/{taskId}")).ReadAsync<TaskResponse>();
        Assert.Equal((5, 5, 0), (task.Slots, task.Taken, task.Remaining));

        var (taken, claims) = await api.DbAsync(async db => (
            await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync(),
            await db.Claims.Where(c => c.TaskId == taskId).Select(c => new { c.MemberId, c.Status }).ToListAsync()));
        Assert.Equal(5, taken);
        Assert.All(claims, c => Assert.Equal(ClaimStatus.Accepted, c.Status));
        Assert.Equal(winners, claims.Select(c => c.MemberId!.Value).Order().ToList());
    }

    [Theory]
    [InlineData(5)]
    [InlineData(1)]
    public async Task A_member_claiming_one_task_ten_times_at_once_holds_one_claim(int slots)
    {
        var place = await api.NewCommunityAsync();
        var member = await api.NewResidentAsync(place);
        var taskId = await api.PublishTaskAsync(place, slots: slots);

        var race = await api.AllAtOnceAsync(10, _ => Racer.Post(member.Token, $"/api/v1/tasks/{taskId}/claims"));

        Assert.Equal((1, 9), (race.Count(HttpStatusCode.Created), race.Count(HttpStatusCode.Conflict)));
        Assert.All(await race.RefusalCodesAsync(HttpStatusCode.Created, HttpStatusCode.Conflict), code => Assert.Equal("claim.duplicate", code));

        var mine = await (await api.Client(member.Token).GetAsync("/api/v1/me/claims")).ReadAsync<Paged<ClaimResponse>>();
        Assert.Equal(ClaimStatus.Accepted, Assert.Single(mine.Items).Status);

        var (taken, claims) = await api.DbAsync(async db => (
            await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync(),
            await db.Claims.Where(c => c.TaskId == taskId).ToListAsync()));
        Assert.Equal(1, taken);
        Assert.Equal(member.Id, Assert.Single(claims).MemberId);
    }

    [Fact]
    public async Task Verifying_one_served_claim_ten_times_at_once_records_its_points_once()
    {
        var place = await api.NewCommunityAsync();
        var volunteer = await api.NewResidentAsync(place);
        var taskId = await api.PublishTaskAsync(place, points: 25);
        var served = await api.ServeAsync(place, volunteer.Token, taskId, TimeSpan.FromMinutes(90));

        var race = await api.AllAtOnceAsync(10, _ => Racer.Post(place.StaffToken, $"/api/v1/claims/{served.Id}/verify", new { approved = true }));

        Assert.Equal((1, 9), (race.Count(HttpStatusCode.OK), race.Count(HttpStatusCode.Conflict)));
        Assert.All(await race.RefusalCodesAsync(HttpStatusCode.OK, HttpStatusCode.Conflict),
            code => Assert.Contains(code, new[] { "claim.alreadyVerified", "claim.concurrent" }));
        var verified = await race.Responses.Single(r => r.StatusCode == HttpStatusCode.OK).ReadAsync<ClaimResponse>();
        Assert.Equal((ClaimStatus.Verified, 25, 1.5m), (verified.Status, verified.PointsAwarded, verified.Hours));

        var points = await (await api.Client(volunteer.Token).GetAsync("/api/v1/me/points")).ReadAsync<PointsResponse>();
        Assert.Equal((25, 1.5m), (points.Balance, points.TotalHours));
        var ledger = await (await api.Client(volunteer.Token).GetAsync("/api/v1/me/points/ledger")).ReadAsync<Paged<LedgerEntryResponse>>();
        Assert.Equal((LedgerEntryKind.Earn, 25, served.Id), (Assert.Single(ledger.Items).Kind, ledger.Items[0].Amount, ledger.Items[0].SourceId));

        var (entries, account, totals) = await api.DbAsync(async db => (
            await db.LedgerEntries.Where(e => e.MemberId == volunteer.Id).ToListAsync(),
            await db.PointsAccounts.SingleAsync(a => a.MemberId == volunteer.Id),
            await db.MonthlyTotals.Where(t => t.MemberId == volunteer.Id).ToListAsync()));
        var entry = Assert.Single(entries);
        Assert.Equal((served.Id, 25, 90, 25), (entry.SourceId, entry.Amount, entry.Minutes, entry.BalanceAfter));
        Assert.Equal((25, 90), (account.Balance, account.Minutes));
        var total = Assert.Single(totals);
        Assert.Equal((25, 90), (total.Points, total.Minutes));
    }

    [Fact]
    public async Task Thirty_deductions_at_once_from_a_hundred_points_stop_at_zero_and_the_ledger_adds_up()
    {
        var place = await api.NewCommunityAsync();
        var member = await api.NewResidentAsync(place);
        var adjustments = $"/api/v1/members/{member.Id}/points/adjustments";
        await (await api.Client(place.StaffToken).PostJsonAsync(adjustments, new { amount = 100, reason = "补录线下活动积分" }))
            .ShouldBeAsync(HttpStatusCode.Created);

        var race = await api.AllAtOnceAsync(30, _ => Racer.Post(place.StaffToken, adjustments, new { amount = -10, reason = "更正重复登记的积分" }));

        Assert.Equal((10, 20), (race.Count(HttpStatusCode.Created), race.Count(HttpStatusCode.Conflict)));
        Assert.All(await race.RefusalCodesAsync(HttpStatusCode.Created, HttpStatusCode.Conflict), code => Assert.Equal("points.insufficient", code));

        var points = await (await api.Client(place.StaffToken).GetAsync($"/api/v1/members/{member.Id}/points")).ReadAsync<PointsResponse>();
        Assert.Equal(0, points.Balance);
        var ledger = await (await api.Client(place.StaffToken).GetAsync($"/api/v1/members/{member.Id}/points/ledger?pageSize=100"))
            .ReadAsync<Paged<LedgerEntryResponse>>();
        Assert.Equal(11, ledger.Total);

        var (entries, balance, totals) = await api.DbAsync(async db => (
            await db.LedgerEntries.Where(e => e.MemberId == member.Id).ToListAsync(),
            await db.PointsAccounts.Where(a => a.MemberId == member.Id).Select(a => a.Balance).SingleAsync(),
            await db.MonthlyTotals.Where(t => t.MemberId == member.Id).SumAsync(t => t.Points)));
        Assert.Equal(0, balance);
        Assert.Equal(balance, entries.Sum(e => e.Amount));
        Assert.Equal(entries.Sum(e => e.Amount), totals);
        Assert.All(entries, e => Assert.True(e.BalanceAfter >= 0, $"BalanceAfter {e.BalanceAfter} is negative"));
        // Each entry saw the balance left by the one before it: 100, 90, …, 0, with no value seen twice.
        var chain = entries.OrderByDescending(e => e.BalanceAfter).ToList();
        Assert.Equal(Enumerable.Range(0, 11).Select(i => 100 - 10 * i), chain.Select(e => e.BalanceAfter));
        var previous = 0;
        foreach (var e in chain)
        {
            Assert.Equal(previous + e.Amount, e.BalanceAfter);
            previous = e.BalanceAfter;
        }
    }

    [Fact]
    public async Task Two_staff_of_one_organisation_claiming_at_once_get_one_claim_for_it()
    {
        var place = await api.NewCommunityAsync();
        var (partner, first) = await api.NewPartnerAsync(place);
        var second = await api.DbAsync(async db =>
        {
            var account = Account.CreatePartnerStaff("partner2-" + Guid.NewGuid().ToString("N")[..8], "单位工作人员", place.StreetId, partner.Id,
                api.Clock.GetUtcNow());
            db.Accounts.Add(account);
            await db.SaveChangesAsync();
            return api.TokenFor(account);
        });
        var taskId = await api.PublishTaskAsync(place, slots: 5);

        var race = await api.AllAtOnceAsync(10, i => Racer.Post(i % 2 == 0 ? first.Token : second, $"/api/v1/tasks/{taskId}/claims"));

        Assert.Equal((1, 9), (race.Count(HttpStatusCode.Created), race.Count(HttpStatusCode.Conflict)));
        Assert.All(await race.RefusalCodesAsync(HttpStatusCode.Created, HttpStatusCode.Conflict), code => Assert.Equal("claim.duplicate", code));
        var (taken, claims) = await api.DbAsync(async db => (
            await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync(),
            await db.Claims.Where(c => c.TaskId == taskId).ToListAsync()));
        Assert.Equal((1, partner.Id), (taken, Assert.Single(claims).PartnerId));
    }

    [Fact]
    public async Task Cancelling_one_claim_ten_times_at_once_returns_its_slot_once()
    {
        var place = await api.NewCommunityAsync();
        var (leaver, stayer) = (await api.NewResidentAsync(place), await api.NewResidentAsync(place));
        var taskId = await api.PublishTaskAsync(place, slots: 2);
        var claim = await api.ClaimAsync(leaver.Token, taskId);
        await api.ClaimAsync(stayer.Token, taskId);

        var race = await api.AllAtOnceAsync(10, _ => Racer.Post(leaver.Token, $"/api/v1/claims/{claim.Id}/cancel"));

        Assert.Equal((1, 9), (race.Count(HttpStatusCode.OK), race.Count(HttpStatusCode.Conflict)));
        Assert.All(await race.RefusalCodesAsync(HttpStatusCode.OK, HttpStatusCode.Conflict),
            code => Assert.Contains(code, new[] { "claim.notCancellable", "concurrency" }));
        var task = await (await api.Client(stayer.Token).GetAsync($"/api/v1/tasks/{taskId}")).ReadAsync<TaskResponse>();
        Assert.Equal((1, 1), (task.Taken, task.Remaining));
        var (taken, status) = await api.DbAsync(async db => (
            await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync(),
            await db.Claims.Where(c => c.Id == claim.Id).Select(c => c.Status).SingleAsync()));
        Assert.Equal((1, ClaimStatus.Cancelled), (taken, status));
    }

    [Fact]
    public async Task Approving_one_need_ten_times_at_once_publishes_one_task()
    {
        var place = await api.NewCommunityAsync();
        var requester = await api.NewResidentAsync(place);
        var need = await (await api.Client(requester.Token).PostJsonAsync("/api/v1/needs", new { title = "陪同去医院复查", category = "elderlyCare" }))
            .ReadAsync<NeedResponse>(HttpStatusCode.Created);
        var now = api.Clock.GetUtcNow();

        var race = await api.AllAtOnceAsync(10, _ => Racer.Post(place.StaffToken, $"/api/v1/needs/{need.Id}/approve",
            new { slots = 1, points = 10, startsAt = now, endsAt = now.AddHours(3) }));

        Assert.Equal((1, 9), (race.Count(HttpStatusCode.Created), race.Count(HttpStatusCode.Conflict)));
        Assert.All(await race.RefusalCodesAsync(HttpStatusCode.Created, HttpStatusCode.Conflict),
            code => Assert.Contains(code, new[] { "need.notPending", "concurrency", "duplicate" }));
        var approved = await race.Responses.Single(r => r.StatusCode == HttpStatusCode.Created).ReadAsync<ApprovedNeedResponse>(HttpStatusCode.Created);
        var (tasks, taskOfNeed) = await api.DbAsync(async db => (
            await db.Tasks.Where(t => t.NeedId == need.Id).Select(t => t.Id).ToListAsync(),
            await db.Needs.Where(n => n.Id == need.Id).Select(n => n.TaskId).SingleAsync()));
        Assert.Equal(approved.Task.Id, Assert.Single(tasks));
        Assert.Equal(approved.Task.Id, taskOfNeed);
    }

    [Fact]
    public async Task Cancelling_a_task_while_members_claim_it_leaves_no_live_claim()
    {
        var place = await api.NewCommunityAsync();
        var members = await api.NewResidentsAsync(place, 20);
        var taskId = await api.PublishTaskAsync(place, slots: 5);

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
        Assert.Equal(claimed.Count(r => r.StatusCode == HttpStatusCode.Created), claims.Count);
        Assert.All(claims, c => Assert.Equal((ClaimStatus.TaskCancelled, "暴雨预警，活动取消"), (c.Status, c.StatusReason)));
    }
}

public sealed class ConcurrencyOnPostgres(PostgresApi api) : ConcurrencyTests(api), IClassFixture<PostgresApi>;

public sealed class ConcurrencyOnSqlite(SqliteApi api) : ConcurrencyTests(api), IClassFixture<SqliteApi>;
