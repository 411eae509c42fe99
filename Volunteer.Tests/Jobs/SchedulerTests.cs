using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Volunteer.Domain.Jobs;
using Volunteer.Domain.Points;
using Volunteer.Domain.Recognition;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Recognition;
using Volunteer.Tests.Support;
using static Volunteer.Tests.Support.Activity;

namespace Volunteer.Tests.Jobs;

/// <summary>
/// The real Quartz scheduler: two API processes clustered on one PostgreSQL database starting after an
/// outage compute each month once; the embedded default catches up and sweeps on its own.
/// </summary>
public sealed class SchedulerTests
{
    /// <summary>Both nodes run the start-up catch-up and the every-second retry; each month is still computed once.</summary>
    [Fact]
    public async Task Two_clustered_schedulers_on_one_database_compute_each_missed_month_once()
    {
        await using var owner = new PostgresApi();
        await owner.InitializeAsync();
        owner.EnsureAvailable();

        var place = await owner.NewCommunityAsync();
        await owner.UseAsync<SetHonorSettings, HonorSettings>(u =>
            u.ExecuteAsync(place.Staff.ToActor(), place.CommunityId, true, 2, 10, true, default));
        var members = new List<Person>();
        for (var i = 0; i < 4; i++)
            members.Add(await owner.NewResidentAsync(place, partyMember: i == 0));
        foreach (var month in new[] { 1, 2, 3 })
            for (var i = 0; i < members.Count; i++)
                await owner.EarnAsync(members[i], place, 10 + i + month, 30, Cst(2026, month, 10 + i, 10));

        var nodes = new[] { new SchedulerNode(Provider.Postgres, owner.ConnectionString!), new SchedulerNode(Provider.Postgres, owner.ConnectionString!) };
        try
        {
            foreach (var node in nodes)
                node.Clock.Set(Cst(2026, 4, 3, 8, 0));
            await Task.WhenAll(nodes.Select(n => n.InitializeAsync().AsTask()));

            // Three months × every monthly job, all completed; then a few more firings on both nodes change nothing.
            var watch = Stopwatch.StartNew();
            while (await CompletedAsync(owner) < 3 * JobNames.InOrder.Count && watch.Elapsed < TimeSpan.FromSeconds(60))
                await Task.Delay(200);
            await Task.Delay(TimeSpan.FromSeconds(3));

            var runs = await owner.DbAsync(db => db.JobRuns.AsNoTracking().ToListAsync());
            Assert.Equal(3 * JobNames.InOrder.Count, runs.Count);
            Assert.All(runs, r => Assert.Equal((JobRunStatus.Completed, 1), (r.Status, r.Attempts)));
            Assert.Equal([202601, 202602, 202603], runs.Select(r => r.Period).Distinct().Order().ToList());
            // Whichever node worked a month, it worked them oldest first.
            foreach (var node in nodes)
            {
                var worked = node.Runs.Steps.Where(s => s.Job == JobName.MonthlyRanking).Select(s => s.Period).ToList();
                Assert.Equal(worked.Order().ToList(), worked);
            }

            // Per month: the top two stars and the one party member honoured, one bonus each.
            var honors = await owner.DbAsync(db => db.Honors.AsNoTracking().ToListAsync());
            Assert.Equal(3 * 3, honors.Count);
            var bonuses = await owner.DbAsync(db => db.LedgerEntries.AsNoTracking().Where(e => e.Kind == LedgerEntryKind.Bonus).ToListAsync());
            Assert.Equal(honors.Select(h => h.Id).Order(), bonuses.Select(b => b.SourceId).Order());
            // Months × scopes × (everyone + own list) × metrics × members.
            Assert.Equal(3 * 3 * 2 * 2 * 4, await owner.DbAsync(db => db.RankingEntries.CountAsync()));

            // Both schedulers took part in one cluster through the database.
            await using var connection = new NpgsqlConnection(owner.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM qrtz_scheduler_state WHERE sched_name = 'volunteer'", connection);
            Assert.Equal(2L, (long)(await command.ExecuteScalarAsync())!);
        }
        finally
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task On_the_embedded_default_the_scheduler_catches_up_at_start_up_and_sweeps_expired_claims()
    {
        await using var owner = new SqliteApi();
        await owner.InitializeAsync();
        var place = await owner.NewCommunityAsync();
        var member = await owner.NewResidentAsync(place);
        await owner.EarnAsync(member, place, 10, 30, Cst(2026, 2, 10, 10));
        var now = owner.Clock.GetUtcNow();
        var task = await owner.PublishTaskAsync(place, startsAt: now.AddMinutes(-10), endsAt: now.AddMinutes(20));
        var claim = await owner.ClaimAsync(member.Token, task);

        await using var node = new SchedulerNode(Provider.Sqlite, owner.ConnectionString!);
        node.Clock.Set(now.AddHours(1));
        await node.InitializeAsync();

        var watch = Stopwatch.StartNew();
        while ((await CompletedAsync(owner) < JobNames.InOrder.Count || await StatusAsync(owner, claim.Id) != ClaimStatus.NoShow) && watch.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(200);

        var runs = await owner.DbAsync(db => db.JobRuns.AsNoTracking().ToListAsync());
        Assert.Equal(JobNames.InOrder.Count, runs.Count(r => r.Status == JobRunStatus.Completed && r.Period == 202602));
        Assert.Contains(runs, r => r.Trigger == JobTrigger.Startup);
        Assert.Equal(ClaimStatus.NoShow, await StatusAsync(owner, claim.Id));
        Assert.Equal(1, await owner.DbAsync(db => db.Members.Where(m => m.Id == member.Id).Select(m => m.NoShowCount).SingleAsync()));
    }

    private static Task<int> CompletedAsync(ApiFactory api) =>
        api.DbAsync(db => db.JobRuns.CountAsync(r => r.Status == JobRunStatus.Completed));

    private static Task<ClaimStatus> StatusAsync(ApiFactory api, Guid claimId) =>
        api.DbAsync(db => db.Claims.Where(c => c.Id == claimId).Select(c => c.Status).SingleAsync());
}
