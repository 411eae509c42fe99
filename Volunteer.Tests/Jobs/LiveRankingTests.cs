using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Domain.Common;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Rankings;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Rankings;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Jobs;

/// <summary>
/// The live leaderboard reads the per-scope running totals through their value indexes; the monthly
/// snapshot ranks every member of the month with a window function. On the same data both must give
/// the same rows, ties and the depth cut included, for every scope, list and metric.
/// </summary>
public abstract class LiveRankingTests(ApiFactory api)
{
    [Fact]
    public async Task The_live_board_equals_the_full_ranking_with_ties_moved_members_and_the_depth_cut()
    {
        var now = api.Clock.GetUtcNow();
        var period = Period.Of(now);
        var a = await api.NewCommunityAsync();
        var b = await api.NewCommunityAsync(a.StreetId);
        var second = await api.DbAsync(async db =>
        {
            var grid = Grid.Create(a.CommunityId, "第二网格", null, now);
            db.Grids.Add(grid);
            await db.SaveChangesAsync();
            return a with { GridId = grid.Id };
        });

        var people = new List<Person>();
        for (var i = 0; i < 12; i++)
            people.Add(await api.NewResidentAsync(i < 5 ? a : b, partyMember: i % 3 == 0, name: $"居民{i}"));
        // Points 30, 20, 20, 20, 10, 10 … with hours tied differently; one member in two grids and
        // both communities, one with service outside any grid, one corrected to zero, one only last month.
        int[] points = [30, 20, 20, 20, 10, 10, 10, 5, 5, 3, 8, 12];
        int[] minutes = [60, 120, 120, 30, 30, 30, 90, 0, 60, 60, 0, 15];
        for (var i = 0; i < 10; i++)
            await api.EarnAsync(people[i], i < 5 ? a : b, points[i], minutes[i], now);
        await api.EarnAsync(people[1], second, 5, 30, now);                 // grid 1 and grid 2 of a
        await api.EarnAsync(people[2], b, 5, 0, now);                       // a and b: the street sums them
        await api.EarnAsync(people[3], a, 4, 20, now, inGrid: false);       // community and street only
        await api.EarnAsync(people[10], b, points[10], minutes[10], now);
        await api.AdjustAsync(people[10], b, -8, now);                      // back to zero points: not ranked by points
        await api.EarnAsync(people[11], b, points[11], minutes[11], period.Previous().StartsAt);

        (RankingScope, Guid)[] scopes = [(RankingScope.Grid, a.GridId), (RankingScope.Grid, second.GridId), (RankingScope.Grid, b.GridId),
            (RankingScope.Community, a.CommunityId), (RankingScope.Community, b.CommunityId), (RankingScope.Street, a.StreetId)];
        var compared = 0;
        foreach (var depth in new[] { 100, 3, 1 })
        {
            await api.DbAsync(async db =>
            {
                // The full ranking, as the monthly job writes it, rolled back afterwards.
                await using var transaction = await db.Database.BeginTransactionAsync();
                await RankingSql.InsertRankingSnapshotAsync(db, period.Key, depth, default);
                foreach (var (scope, scopeId) in scopes)
                foreach (var list in Enum.GetValues<RankingList>())
                foreach (var metric in Enum.GetValues<RankingMetric>())
                {
                    var full = (await db.RankingEntries.AsNoTracking()
                            .Where(e => e.Period == period.Key && e.Scope == scope && e.ScopeId == scopeId && e.List == list && e.Metric == metric)
                            .OrderBy(e => e.Rank).ThenBy(e => e.MemberId).ToListAsync())
                        .Select(e => (e.MemberId, e.Value, e.Rank)).ToList();
                    var (total, rows) = await RankingSql.LiveRankingAsync(db, period.Key, scope, scopeId, list, metric, depth, 0, 1000, default);
                    var what = $"{scope} {list} {metric} depth {depth}";
                    Assert.True(full.Count == total, what);
                    Assert.Equal(full, rows.Select(r => (r.MemberId, r.Value, r.Rank)).ToList());

                    // Page by page, in the same order, with the same total; past the end: empty, total kept.
                    var paged = new List<(Guid, int, int)>();
                    for (var offset = 0; offset <= full.Count; offset += 2)
                    {
                        var (pageTotal, page) = await RankingSql.LiveRankingAsync(db, period.Key, scope, scopeId, list, metric, depth, offset, 2, default);
                        Assert.True(full.Count == pageTotal, what);
                        paged.AddRange(page.Select(r => (r.MemberId, r.Value, r.Rank)));
                    }
                    Assert.Equal(full, paged);
                    compared += full.Count;

                    // The board this process keeps in memory: the same rows, total and pages, and each member's own place.
                    var kept = await LiveAsync(Admin, scope, scopeId, list, metric, depth, 0, 1000);
                    Assert.True(full.Count == kept.Total, what);
                    Assert.Equal(full, kept.Rows.Select(r => (r.MemberId, r.Value, r.Rank)).ToList());
                    var keptPaged = new List<(Guid, int, int)>();
                    for (var offset = 0; offset <= full.Count; offset += 2)
                    {
                        var page = await LiveAsync(Admin, scope, scopeId, list, metric, depth, offset, 2);
                        Assert.True(full.Count == page.Total, what);
                        keptPaged.AddRange(page.Rows.Select(r => (r.MemberId, r.Value, r.Rank)));
                    }
                    Assert.Equal(full, keptPaged);

                    // Each member's own place, read alone, is their place on the full board.
                    if (depth == 100)
                    {
                        foreach (var (memberId, value, rank) in full)
                            Assert.Equal(new RankingSql.RankedRow(memberId, value, rank),
                                await RankingSql.LiveRankOfAsync(db, period.Key, scope, scopeId, list, metric, memberId, default));
                        Assert.Null(await RankingSql.LiveRankOfAsync(db, period.Key, scope, scopeId, list, metric, people[11].Id, default));
                    }
                }
                await transaction.RollbackAsync();
            });
        }

        // The data really has ties, members in two places and cut-offs to compare: the street sums both
        // communities and both grids, and a cut after the 2nd rank keeps everyone tied at it.
        var (_, street) = await api.DbAsync(db => RankingSql.LiveRankingAsync(db, period.Key, RankingScope.Street, a.StreetId,
            RankingList.Everyone, RankingMetric.Points, 100, 0, 100, default));
        Assert.Equal([(30, 1), (25, 2), (25, 2), (24, 4), (10, 5), (10, 5), (10, 5), (5, 8), (5, 8), (3, 10)],
            street.Select(r => (r.Value, r.Rank)).ToList());
        var (cut, top) = await api.DbAsync(db => RankingSql.LiveRankingAsync(db, period.Key, RankingScope.Street, a.StreetId,
            RankingList.Everyone, RankingMetric.Points, 2, 0, 100, default));
        Assert.Equal(3, cut);
        Assert.Equal([1, 2, 2], top.Select(r => r.Rank).ToList());
        Assert.True(compared > 100);
    }

    [Fact]
    public async Task A_residents_own_place_is_their_full_rank_at_once_after_points_earned_here_and_within_MaxAge_after_points_earned_elsewhere()
    {
        var now = api.Clock.GetUtcNow();
        var period = Period.Of(now);
        var a = await api.NewCommunityAsync();
        var b = await api.NewCommunityAsync(a.StreetId);
        var people = new List<Person>();
        for (var i = 0; i < 7; i++)
            people.Add(await api.NewResidentAsync(i < 4 ? a : b, partyMember: i % 2 == 0, name: $"居民{i}"));
        int[] points = [30, 20, 20, 10, 10, 5, 0];
        for (var i = 0; i < 6; i++)
            await api.EarnAsync(people[i], i < 4 ? a : b, points[i], 10 * (6 - i), now);

        // With a board of depth 1 everyone but the first is below the board; with depth 100 everyone is on it.
        (RankingScope, Guid)[] scopes = [(RankingScope.Grid, a.GridId), (RankingScope.Community, a.CommunityId), (RankingScope.Street, a.StreetId)];
        async Task AssertOwnRanksAsync()
        {
            foreach (var (scope, scopeId) in scopes)
            foreach (var list in Enum.GetValues<RankingList>())
            foreach (var metric in Enum.GetValues<RankingMetric>())
            {
                var (_, full) = await api.DbAsync(db => RankingSql.LiveRankingAsync(db, period.Key, scope, scopeId, list, metric, 1000, 0, 1000, default));
                foreach (var person in people)
                foreach (var depth in new[] { 1, 100 })
                {
                    var standing = await LiveAsync(Resident(person), scope, scopeId, list, metric, depth);
                    var expected = full.SingleOrDefault(r => r.MemberId == person.Id);
                    (Guid, string, int, int)? want = expected is null ? null : (expected.MemberId, person.Member.Name, expected.Value, expected.Rank);
                    (Guid, string, int, int)? got = standing.Own is { } own ? (own.MemberId, own.Name, own.Value, own.Rank) : null;
                    Assert.True(want == got, $"{person.Member.Name} {scope} {list} {metric} depth {depth}: {want} vs {got}");
                }
            }
        }
        await AssertOwnRanksAsync();

        // Points earned through this process: a newcomer passes 居民3 (10 points, 4th in the street), then 居民5 takes
        // the lead. Both show on the very next request, on and below the board, with no time passing.
        var street = (RankingScope.Street, a.StreetId);
        await api.EarnAsync(people[6], b, 12, 0, now);
        Assert.Equal(4, (await LiveAsync(Resident(people[6]), street.Item1, street.Item2, RankingList.Everyone, RankingMetric.Points, 1)).Own!.Rank);
        Assert.Equal(5, (await LiveAsync(Resident(people[3]), street.Item1, street.Item2, RankingList.Everyone, RankingMetric.Points, 1)).Own!.Rank);
        await api.EarnAsync(people[5], b, 40, 0, now);
        var top = await LiveAsync(Resident(people[3]), street.Item1, street.Item2, RankingList.Everyone, RankingMetric.Points, 1);
        Assert.Equal([(people[5].Id, 45, 1)], top.Rows.Select(r => (r.MemberId, r.Value, r.Rank)).ToList());
        Assert.Equal(6, top.Own!.Rank);
        await AssertOwnRanksAsync();

        // A change this process did not write (another instance; here a statement outside the ledger): the boards
        // answer as they were read until they are MaxAge old, then the next request reads them again.
        await api.DbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE "ScopeTotals" SET "Points" = "Points" + 100 WHERE "Period" = {period.Key} AND "MemberId" = {people[3].Id}
            """));
        Assert.Equal(6, (await LiveAsync(Resident(people[3]), street.Item1, street.Item2, RankingList.Everyone, RankingMetric.Points, 1)).Own!.Rank);
        api.Clock.Advance(LiveBoards.MaxAge);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        LiveStanding moved;
        do
            moved = await LiveAsync(Resident(people[3]), street.Item1, street.Item2, RankingList.Everyone, RankingMetric.Points, 1);
        while (moved.Own!.Rank != 1 && DateTime.UtcNow < deadline);
        Assert.Equal((1, 110), (moved.Own.Rank, moved.Own.Value));
        Assert.Equal([(people[3].Id, 110, 1)], moved.Rows.Select(r => (r.MemberId, r.Value, r.Rank)).ToList());

        // A resident who moves to another street: the access check follows their home once it is HomeMaxAge old.
        var elsewhere = await api.NewCommunityAsync();
        await api.DbAsync(db => db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE "Members" SET "CommunityId" = {elsewhere.CommunityId}, "GridId" = {elsewhere.GridId} WHERE "Id" = {people[4].Id}
            """));
        Assert.Equal(a.CommunityId, (await LiveAsync(Resident(people[4]), RankingScope.Community, a.CommunityId, RankingList.Everyone, RankingMetric.Points, 100)).Place.Id);
        api.Clock.Advance(LiveBoards.HomeMaxAge);
        Assert.Equal("ranking.forbidden", (await Assert.ThrowsAsync<DomainException>(() =>
            LiveAsync(Resident(people[4]), RankingScope.Community, a.CommunityId, RankingList.Everyone, RankingMetric.Points, 100))).Code);
        Assert.Equal(elsewhere.CommunityId, (await LiveAsync(Resident(people[4]), RankingScope.Community, null, RankingList.Everyone, RankingMetric.Points, 100)).Place.Id);

        // The viewer's own place when none is named, and the checks.
        var mine = await LiveAsync(Resident(people[0]), RankingScope.Grid, null, RankingList.Everyone, RankingMetric.Points, 100);
        Assert.Equal((a.GridId, a.StreetId, (Guid?)a.CommunityId, 1), (mine.Place.Id, mine.Place.StreetId, mine.Place.CommunityId, mine.Own!.Rank));
        Assert.Equal(b.CommunityId, (await LiveAsync(Resident(people[5]), RankingScope.Community, null, RankingList.Everyone, RankingMetric.Points, 100)).Place.Id);
        var stranger = await api.NewResidentAsync(await api.NewCommunityAsync());
        Assert.Equal("ranking.forbidden", (await Assert.ThrowsAsync<DomainException>(() =>
            LiveAsync(Resident(stranger), RankingScope.Community, a.CommunityId, RankingList.Everyone, RankingMetric.Points, 100))).Code);
        Assert.Equal("ranking.scopeNotFound", (await Assert.ThrowsAsync<DomainException>(() =>
            LiveAsync(Resident(people[0]), RankingScope.Community, Guid.NewGuid(), RankingList.Everyone, RankingMetric.Points, 100))).Code);
    }

    [Fact]
    public async Task A_kept_board_answers_without_the_database_and_is_read_again_after_a_commit_here()
    {
        var now = api.Clock.GetUtcNow();
        var place = await api.NewCommunityAsync();
        var people = new List<Person>();
        for (var i = 0; i < 3; i++)
        {
            people.Add(await api.NewResidentAsync(place, name: $"居民{i}"));
            await api.EarnAsync(people[i], place, 10 * (3 - i), 0, now);
        }
        var statements = new Statements();
        var counted = new ServiceCollection().AddScoped(_ => Counted(api.Services, statements)).BuildServiceProvider();
        var boards = new LiveBoards(counted.GetRequiredService<IServiceScopeFactory>(), api.Services.GetRequiredService<LiveBoardChanges>(), api.Clock);
        var rankings = new LiveRankingQueries(boards);
        async Task<(int Statements, LiveStanding Standing)> Read(Actor actor)
        {
            var before = statements.Count;
            var standing = await rankings.LiveBoardAsync(actor, Period.Of(now), RankingScope.Community, place.CommunityId, RankingList.Everyone,
                RankingMetric.Points, 0, 20, 1, default);
            return (statements.Count - before, standing);
        }

        // The first request reads the resident's home, the place, the scope's values and the board's names; a second
        // resident only their home; then nothing, on and below the board; a member of staff has no own place.
        var first = await Read(Resident(people[0]));
        Assert.Equal((4, 1, 1), (first.Statements, first.Standing.Own!.Rank, first.Standing.Total));
        var below = await Read(Resident(people[2]));
        Assert.Equal((1, 3), (below.Statements, below.Standing.Own!.Rank));
        Assert.Equal((0, 3), ((await Read(Resident(people[2]))).Statements, (await Read(Resident(people[2]))).Standing.Own!.Rank));
        Assert.Equal(0, (await Read(Resident(people[0]))).Statements);
        var staff = await Read(new Actor(place.Staff.Id, ActorRole.CommunityStaff, place.CommunityId, StreetId: place.StreetId));
        Assert.Equal((0, (RankingSql.NamedRow?)null), (staff.Statements, staff.Standing.Own));

        // A ledger entry committed through this process: the next request reads the board again and shows it.
        await api.EarnAsync(people[2], place, 25, 0, now);
        var after = await Read(Resident(people[2]));
        Assert.Equal((3, 1, 35), (after.Statements, after.Standing.Own!.Rank, after.Standing.Own.Value));
        Assert.Equal([(people[2].Id, 1)], after.Standing.Rows.Select(r => (r.MemberId, r.Rank)).ToList());
        Assert.Equal(0, (await Read(Resident(people[0]))).Statements);
    }

    /// <summary>A DbContext like the app's, on the same database, counting the commands it sends.</summary>
    private VolunteerDbContext Counted(IServiceProvider services, Statements statements) => api.Provider == Provider.Postgres
        ? new PostgresVolunteerDbContext(new DbContextOptionsBuilder<PostgresVolunteerDbContext>(
            services.GetRequiredService<DbContextOptions<PostgresVolunteerDbContext>>()).AddInterceptors(statements).Options)
        : new SqliteVolunteerDbContext(new DbContextOptionsBuilder<SqliteVolunteerDbContext>(
            services.GetRequiredService<DbContextOptions<SqliteVolunteerDbContext>>()).AddInterceptors(statements).Options);

    private sealed class Statements : DbCommandInterceptor
    {
        private int _count;
        public int Count => Volatile.Read(ref _count);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    private static readonly Actor Admin = new(Guid.NewGuid(), ActorRole.StreetAdmin);

    private static Actor Resident(Person person) => new(person.Id, ActorRole.Resident);

    private async Task<LiveStanding> LiveAsync(Actor viewer, RankingScope scope, Guid? scopeId, RankingList list, RankingMetric metric, int depth,
        int offset = 0, int limit = 100)
    {
        await using var services = api.Services.CreateAsyncScope();
        return await services.ServiceProvider.GetRequiredService<LiveRankingQueries>().LiveBoardAsync(viewer,
            Period.Of(api.Clock.GetUtcNow()), scope, scopeId, list, metric, offset, limit, depth, default);
    }
}

public sealed class LiveRankingOnPostgres(PostgresApi api) : LiveRankingTests(api), IClassFixture<PostgresApi>;

public sealed class LiveRankingOnSqlite(SqliteApi api) : LiveRankingTests(api), IClassFixture<SqliteApi>;
