using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Volunteer.Domain.Jobs;
using Volunteer.Domain.Points;
using Volunteer.Domain.Recognition;
using Volunteer.Infrastructure.Recognition;
using Volunteer.Tests.Support;
using static Volunteer.Tests.Support.Activity;

namespace Volunteer.Tests.Jobs;

/// <summary>
/// Two API processes with real Quartz schedulers, clustered on one PostgreSQL database, start after an
/// outage: both run the start-up catch-up and the every-second retry, and each month is computed once.
/// </summary>
public sealed class SchedulerClusterTests
{
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

        var nodes = new[] { new ClusterNode(owner.ConnectionString!), new ClusterNode(owner.ConnectionString!) };
        try
        {
            foreach (var node in nodes)
                node.Clock.Set(Cst(2026, 4, 3, 8, 0));
            await Task.WhenAll(nodes.Select(n => n.InitializeAsync().AsTask()));

            // Three months × three jobs, all completed; then a few more firings on both nodes change nothing.
            var watch = Stopwatch.StartNew();
            while (await CompletedAsync(owner) < 9 && watch.Elapsed < TimeSpan.FromSeconds(60))
                await Task.Delay(200);
            await Task.Delay(TimeSpan.FromSeconds(3));

            var runs = await owner.DbAsync(db => db.JobRuns.AsNoTracking().ToListAsync());
            Assert.Equal(9, runs.Count);
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

    private static Task<int> CompletedAsync(ApiFactory api) =>
        api.DbAsync(db => db.JobRuns.CountAsync(r => r.Status == JobRunStatus.Completed));

    /// <summary>Another API process on the same database, with its scheduler on and a retry every second.</summary>
    private sealed class ClusterNode(string connectionString) : ApiFactory(Provider.Postgres, connectionString)
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Jobs:Scheduler"] = "true",
            ["Jobs:RetryCron"] = "0/1 * * * * ?",
            ["Jobs:ExpiryInterval"] = "00:00:01",
        };
    }
}
