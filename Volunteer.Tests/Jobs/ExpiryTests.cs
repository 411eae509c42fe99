using System.Net;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Me;
using Volunteer.Api.Members;
using Volunteer.Domain.Points;
using Volunteer.Domain.Rewards;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Jobs;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Jobs;

/// <summary>The expiry job: ended tasks close, accepted claims never checked in become no-shows, counted once.</summary>
public abstract class ExpiryTests(ApiFactory api)
{
    [Fact]
    public async Task Ended_tasks_close_and_missed_claims_become_no_shows_counted_once_however_often_the_sweep_runs()
    {
        var place = await api.NewCommunityAsync();
        var absent = await api.NewResidentAsync(place);
        var present = await api.NewResidentAsync(place);
        var later = await api.NewResidentAsync(place);
        var (_, partnerStaff) = await api.NewPartnerAsync(place);
        var now = api.Clock.GetUtcNow();
        var ended = await api.PublishTaskAsync(place, slots: 5, startsAt: now.AddMinutes(-10), endsAt: now.AddHours(1));
        var running = await api.PublishTaskAsync(place, slots: 5, startsAt: now.AddMinutes(-10), endsAt: now.AddDays(2));
        var missed = await api.ClaimAsync(absent.Token, ended);
        await api.ClaimAsync(partnerStaff.Token, ended);
        var served = await api.ServeAsync(place, present.Token, ended, TimeSpan.FromMinutes(30));
        var notYet = await api.ClaimAsync(later.Token, running);

        api.Clock.Advance(TimeSpan.FromHours(2));
        var first = await SweepAsync();
        var second = await SweepAsync();

        Assert.True(first["tasks"] >= 1 && first["noShows"] >= 2, string.Join(", ", first));
        var tasks = await api.DbAsync(db => db.Tasks.AsNoTracking().Where(t => t.Id == ended || t.Id == running).ToDictionaryAsync(t => t.Id));
        Assert.Equal((ServiceTaskStatus.Closed, 1), (tasks[ended].Status, tasks[ended].Taken));   // two no-shows gave their slots back
        Assert.Equal((ServiceTaskStatus.Published, 1), (tasks[running].Status, tasks[running].Taken));
        var claims = await api.DbAsync(db => db.Claims.AsNoTracking().Where(c => c.TaskId == ended || c.TaskId == running).ToListAsync());
        Assert.Equal(ClaimStatus.NoShow, claims.Single(c => c.Id == missed.Id).Status);
        Assert.Equal(ClaimStatus.NoShow, claims.Single(c => c.PartnerId != null).Status);
        Assert.Equal(ClaimStatus.CheckedOut, claims.Single(c => c.Id == served.Id).Status);
        Assert.Equal(ClaimStatus.Accepted, claims.Single(c => c.Id == notYet.Id).Status);
        Assert.All(second.Values, changed => Assert.Equal(0, changed));

        // Counted once, shown to the member and to staff; nobody else's count moved.
        var me = await (await api.Client(absent.Token).GetAsync("/api/v1/me")).ReadAsync<ProfileResponse>();
        Assert.Equal(1, me.NoShowCount);
        var asStaff = await (await api.Client(place.StaffToken).GetAsync($"/api/v1/members/{absent.Id}")).ReadAsync<MemberResponse>();
        Assert.Equal(1, asStaff.NoShowCount);
        Assert.Equal([0, 0], await api.DbAsync(db => db.Members.Where(m => m.Id == present.Id || m.Id == later.Id).Select(m => m.NoShowCount).ToListAsync()));

        // A no-show earns nothing and cannot be verified afterwards.
        var verify = await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/claims/{missed.Id}/verify", new { approved = true, hours = 1 });
        Assert.Equal("claim.closed", (await verify.ProblemAsync(HttpStatusCode.Conflict)).Code);
    }

    [Fact]
    public async Task The_expiry_job_refunds_unfulfilled_redemption_codes_past_their_time_once()
    {
        var place = await api.NewCommunityAsync();
        var shop = await api.NewShopAsync(place);
        var reward = await api.PublishRewardAsync(shop, place, cost: 20, stock: 5, limit: 2, validFor: TimeSpan.FromDays(60));
        var member = await api.NewResidentWithPointsAsync(place, 50);
        var forgotten = await api.RedeemOkAsync(member.Token, reward.Id);
        var collected = await api.RedeemOkAsync(member.Token, reward.Id);
        await (await api.FulfilAsync(api.TokenFor(shop.Staff.Account), collected.Code!)).ShouldBeAsync(HttpStatusCode.OK);

        api.Clock.Advance(TimeSpan.FromDays(8));
        var first = await SweepAsync();
        var second = await SweepAsync();

        Assert.True(first["redemptions"] >= 1, string.Join(", ", first));
        Assert.Equal(0, second["redemptions"]);
        var statuses = await api.DbAsync(db => db.Redemptions.Where(r => r.MemberId == member.Id).ToDictionaryAsync(r => r.Id, r => r.Status));
        Assert.Equal((RedemptionStatus.Expired, RedemptionStatus.Fulfilled), (statuses[forgotten.Id], statuses[collected.Id]));
        var refunds = (await api.LedgerAsync(member.Id)).Where(e => e.Kind == LedgerEntryKind.Refund).ToList();
        Assert.Equal(forgotten.Id, Assert.Single(refunds).SourceId);
        Assert.Equal((30, 4), (await api.BalanceAsync(member.Id), await api.StockAsync(reward.Id)));
        await api.AssertBooksBalanceAsync(member.Id);
    }

    protected Task<IReadOnlyDictionary<string, int>> SweepAsync() =>
        api.UseAsync<RunExpirySweeps, IReadOnlyDictionary<string, int>>(u => u.ExecuteAsync(default));
}

public sealed class ExpiryOnPostgres(PostgresApi api) : ExpiryTests(api), IClassFixture<PostgresApi>
{
    [Fact]
    public async Task Two_instances_sweeping_at_once_count_each_no_show_once()
    {
        var place = await api.NewCommunityAsync();
        var members = new List<Person>();
        var now = api.Clock.GetUtcNow();
        var task = await api.PublishTaskAsync(place, slots: 20, startsAt: now.AddMinutes(-10), endsAt: now.AddMinutes(30));
        for (var i = 0; i < 12; i++)
        {
            members.Add(await api.NewResidentAsync(place));
            await api.ClaimAsync(members[i].Token, task);
        }
        api.Clock.Advance(TimeSpan.FromHours(1));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(SweepAsync)));

        var ids = members.Select(m => m.Id).ToList();
        Assert.All(await api.DbAsync(db => db.Members.Where(m => ids.Contains(m.Id)).Select(m => m.NoShowCount).ToListAsync()), n => Assert.Equal(1, n));
        var closed = await api.DbAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == task));
        Assert.Equal((ServiceTaskStatus.Closed, 0), (closed.Status, closed.Taken));
    }
}

public sealed class ExpiryOnSqlite(SqliteApi api) : ExpiryTests(api), IClassFixture<SqliteApi>;
