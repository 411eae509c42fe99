using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Caching.Memory;
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
    public async Task A_residents_own_place_below_the_board_is_their_full_rank_and_follows_new_points_within_the_counts_age()
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

        // With a board of depth 1, everyone but the first is ranked from the value counts; with depth 100, by the statement.
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
                    var standing = await LiveAsync(person, scope, scopeId, list, metric, depth);
                    var expected = full.SingleOrDefault(r => r.MemberId == person.Id);
                    (Guid, string, int, int)? want = expected is null ? null : (expected.MemberId, person.Member.Name, expected.Value, expected.Rank);
                    (Guid, string, int, int)? got = standing.Own is { } own ? (own.MemberId, own.Name, own.Value, own.Rank) : null;
                    Assert.True(want == got, $"{person.Member.Name} {scope} {list} {metric} depth {depth}: {want} vs {got}");
                }
            }
        }
        await AssertOwnRanksAsync();

        // A newcomer passes 居民3 (10 points, 4th in the street): the board's first rank and the newcomer's own place
        // show it at once; 居民3's rank below the board follows once the counts are older than their age.
        await api.EarnAsync(people[6], b, 12, 0, now);
        var street = (RankingScope.Street, a.StreetId);
        Assert.Equal(4, (await LiveAsync(people[6], street.Item1, street.Item2, RankingList.Everyone, RankingMetric.Points, 1)).Own!.Rank);
        Assert.Equal(4, (await LiveAsync(people[3], street.Item1, street.Item2, RankingList.Everyone, RankingMetric.Points, 1)).Own!.Rank);
        await api.EarnAsync(people[5], b, 40, 0, now);
        var top = await LiveAsync(people[3], street.Item1, street.Item2, RankingList.Everyone, RankingMetric.Points, 1);
        Assert.Equal([(people[5].Id, 45, 1)], top.Rows.Select(r => (r.MemberId, r.Value, r.Rank)).ToList());
        Assert.Equal(4, top.Own!.Rank); // the counts, a moment old, know neither the newcomer nor 居民5's new points
        api.Clock.Advance(LiveValueCounts.MaxAge);
        Assert.Equal(6, (await LiveAsync(people[3], street.Item1, street.Item2, RankingList.Everyone, RankingMetric.Points, 1)).Own!.Rank);
        await AssertOwnRanksAsync();

        // The viewer's own place when none is named, and the checks of the one statement.
        var mine = await LiveAsync(people[0], RankingScope.Grid, null, RankingList.Everyone, RankingMetric.Points, 100);
        Assert.Equal((a.GridId, a.StreetId, (Guid?)a.CommunityId, 1), (mine.Place.Id, mine.Place.StreetId, mine.Place.CommunityId, mine.Own!.Rank));
        Assert.Equal(b.CommunityId, (await LiveAsync(people[5], RankingScope.Community, null, RankingList.Everyone, RankingMetric.Points, 100)).Place.Id);
        var stranger = await api.NewResidentAsync(await api.NewCommunityAsync());
        Assert.Equal("ranking.forbidden", (await Assert.ThrowsAsync<DomainException>(() =>
            LiveAsync(stranger, RankingScope.Community, a.CommunityId, RankingList.Everyone, RankingMetric.Points, 100))).Code);
        Assert.Equal("ranking.scopeNotFound", (await Assert.ThrowsAsync<DomainException>(() =>
            LiveAsync(people[0], RankingScope.Community, Guid.NewGuid(), RankingList.Everyone, RankingMetric.Points, 100))).Code);
    }

    [Fact]
    public async Task A_board_request_is_one_statement_and_the_value_counts_one_more_every_few_seconds()
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
        await using var scope = api.Services.CreateAsyncScope();
        await using var db = Counted(scope.ServiceProvider, statements);
        var rankings = new RankingQueries(db, new BoardQueries(db), scope.ServiceProvider.GetRequiredService<IMemoryCache>(), api.Clock);
        async Task<(int Statements, LiveStanding Standing)> Read(Actor actor, int depth)
        {
            var before = statements.Count;
            var standing = await rankings.LiveBoardAsync(actor, Period.Of(now), RankingScope.Community, place.CommunityId, RankingList.Everyone,
                RankingMetric.Points, 0, 20, depth, default);
            return (statements.Count - before, standing);
        }

        // On the board: one statement (place, street check, page, names, own place). Below it: the value counts
        // once, then kept; a member of staff has no own place.
        var top = await Read(new Actor(people[0].Id, ActorRole.Resident), 1);
        Assert.Equal((1, 1), (top.Statements, top.Standing.Own!.Rank));
        var below = await Read(new Actor(people[2].Id, ActorRole.Resident), 1);
        Assert.Equal((2, 3), (below.Statements, below.Standing.Own!.Rank));
        var kept = await Read(new Actor(people[1].Id, ActorRole.Resident), 1);
        Assert.Equal((1, 2), (kept.Statements, kept.Standing.Own!.Rank));
        Assert.Equal(1, (await Read(new Actor(place.Staff.Id, ActorRole.CommunityStaff, place.CommunityId, StreetId: place.StreetId), 100)).Statements);
        api.Clock.Advance(LiveValueCounts.MaxAge);
        Assert.Equal(2, (await Read(new Actor(people[2].Id, ActorRole.Resident), 1)).Statements);
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

    private async Task<LiveStanding> LiveAsync(Person viewer, RankingScope scope, Guid? scopeId, RankingList list, RankingMetric metric, int depth)
    {
        await using var services = api.Services.CreateAsyncScope();
        return await services.ServiceProvider.GetRequiredService<RankingQueries>().LiveBoardAsync(new Actor(viewer.Id, ActorRole.Resident),
            Period.Of(api.Clock.GetUtcNow()), scope, scopeId, list, metric, 0, 100, depth, default);
    }
}

public sealed class LiveRankingOnPostgres(PostgresApi api) : LiveRankingTests(api), IClassFixture<PostgresApi>;

public sealed class LiveRankingOnSqlite(SqliteApi api) : LiveRankingTests(api), IClassFixture<SqliteApi>;
