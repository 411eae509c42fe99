using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Volunteer.Api.Http;
using Volunteer.Api.Needs;
using Volunteer.Api.Tasks;
using Volunteer.Domain.Members;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Tasks;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>
/// The mini-program's task list through its micro-cache (<see cref="TaskListCache"/>, on in every test host): a write
/// made through this instance shows in the next list at once; a change made elsewhere shows once the cached page is
/// older than <c>Tasks:ListCache:Seconds</c> (the test clock moves, nobody sleeps); each viewer's own parts (home
/// street, claims, the address rule, hidden wishes) are theirs alone, byte for byte as without the cache.
/// </summary>
public abstract class TaskListCacheTests(ApiFactory api)
{
    private const string SensitiveAddress = "东门大街 18 号 3 栋 201 室";

    private async Task<Paged<TaskResponse>> ListAsync(string token, Place place, int page = 1, int pageSize = 20) =>
        await (await api.Client(token).GetAsync($"/api/v1/tasks?communityId={place.CommunityId}&page={page}&pageSize={pageSize}"))
            .ReadAsync<Paged<TaskResponse>>();

    private async Task<string> ListTextAsync(ApiFactory host, string token, Place place, int page = 1, int pageSize = 20)
    {
        var response = await host.Client(token).GetAsync($"/api/v1/tasks?communityId={place.CommunityId}&page={page}&pageSize={pageSize}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Runs SQL on the database without this app (as another instance would: no interceptor of ours sees it).</summary>
    private async Task ElsewhereAsync(string sql)
    {
        if (api.Provider == Provider.Postgres)
        {
            await using var connection = new NpgsqlConnection(api.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        else
        {
            await using var connection = new SqliteConnection(api.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
    }

    private string Id(Guid id) => api.Provider == Provider.Postgres ? $"'{id}'" : $"'{id.ToString().ToUpperInvariant()}'";

    [Fact]
    public async Task Each_write_through_this_instance_shows_in_the_next_list_at_once()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);
        var other = await api.NewResidentAsync(place);
        var first = await api.PublishTaskAsync(place, slots: 3);
        Assert.Equal([first], (await ListAsync(resident.Token, place)).Items.Select(t => t.Id));

        // Publish.
        var second = await api.PublishTaskAsync(place, startsAt: api.Clock.GetUtcNow().AddMinutes(-5));
        var list = await ListAsync(resident.Token, place);
        Assert.Equal([second, first], list.Items.Select(t => t.Id));
        Assert.Equal(2, list.Total);

        // A claim (one raw-SQL statement) by another resident: the slot shows taken for everybody.
        var othersClaim = await api.ClaimAsync(other.Token, first);
        Assert.Equal((1, 2), Slots(await ListAsync(resident.Token, place), first));

        // The viewer's own claim, and giving it up.
        var mine = await api.ClaimAsync(resident.Token, first);
        list = await ListAsync(resident.Token, place);
        Assert.Equal((2, 1, mine.Id), (Slots(list, first).Taken, Slots(list, first).Remaining, list.Items.Single(t => t.Id == first).MyClaim?.Id));
        await (await api.Client(resident.Token).PostJsonAsync($"/api/v1/claims/{mine.Id}/cancel")).ShouldBeAsync(HttpStatusCode.OK);
        list = await ListAsync(resident.Token, place);
        Assert.Equal((1, (Guid?)null), (Slots(list, first).Taken, list.Items.Single(t => t.Id == first).MyClaim?.Id));
        await (await api.Client(other.Token).PostJsonAsync($"/api/v1/claims/{othersClaim.Id}/cancel")).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal((0, 3), Slots(await ListAsync(resident.Token, place), first));

        // Cancelling a task.
        await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/tasks/{second}/cancel", new { reason = "天气原因" }))
            .ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal(ServiceTaskStatus.Cancelled, (await ListAsync(resident.Token, place)).Items.Single(t => t.Id == second).Status);

        // Closing ended tasks (a job: EF Core's own UPDATE in a transaction of its own).
        // (Run as of four hours from now; the test clock stays, so no cached page expires meanwhile.)
        await api.DbAsync(async db => await new CloseEndedTasks(db).SweepAsync(api.Clock.GetUtcNow().AddHours(4), CancellationToken.None));
        Assert.Equal(ServiceTaskStatus.Closed, (await ListAsync(resident.Token, place)).Items.Single(t => t.Id == first).Status);

        // ExecuteUpdate (as erasure and the slot release write).
        await api.DbAsync(db => db.Tasks.Where(t => t.Id == first)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Address, (string?)null)));
        Assert.Null((await ListAsync(resident.Token, place)).Items.Single(t => t.Id == first).Address);
    }

    private static (int Taken, int Remaining) Slots(Paged<TaskResponse> list, Guid task) =>
        list.Items.Single(t => t.Id == task) is var t ? (t.Taken, t.Remaining) : default;

    [Fact]
    public async Task A_change_made_elsewhere_shows_once_the_cached_page_is_older_than_the_configured_time()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);
        var task = await api.PublishTaskAsync(place);
        Assert.Equal("环境整治", (await ListAsync(resident.Token, place)).Items.Single().Title);

        await ElsewhereAsync($"UPDATE \"Tasks\" SET \"Title\" = '别处改过的标题' WHERE \"Id\" = {Id(task)}");
        api.Clock.Advance(TimeSpan.FromMilliseconds(900));
        Assert.Equal("环境整治", (await ListAsync(resident.Token, place)).Items.Single().Title);
        api.Clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal("别处改过的标题", (await ListAsync(resident.Token, place)).Items.Single().Title);

        // A task published elsewhere joins the list the same way; the viewer's own parts were fresh all along.
        var claim = await api.ClaimAsync(resident.Token, task);
        Assert.Equal((5, claim.Id), (await ListAsync(resident.Token, place)).Items.Single() is var c ? (c.Slots, c.MyClaim?.Id) : default);
        await ElsewhereAsync($"UPDATE \"Tasks\" SET \"Slots\" = 9 WHERE \"Id\" = {Id(task)}");
        await (await api.Client(resident.Token).PostJsonAsync($"/api/v1/claims/{claim.Id}/cancel")).ShouldBeAsync(HttpStatusCode.OK);
        var list = await ListAsync(resident.Token, place);
        // The cancelled claim went through this instance (a write of "Tasks": the slot given back), so the page was read
        // again and shows the change made elsewhere too; the viewer's claim is gone from it at once.
        Assert.Equal((9, 0, (Guid?)null), (list.Items.Single().Slots, list.Items.Single().Taken, list.Items.Single().MyClaim?.Id));
        await ElsewhereAsync($"UPDATE \"Tasks\" SET \"Slots\" = 7 WHERE \"Id\" = {Id(task)}");
        Assert.Equal(9, (await ListAsync(resident.Token, place)).Items.Single().Slots);
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(7, (await ListAsync(resident.Token, place)).Items.Single().Slots);
    }

    [Fact]
    public async Task Each_viewer_gets_the_same_bytes_as_without_the_cache_and_nothing_of_anyone_else()
    {
        var place = await api.NewCommunityAsync();
        var elder = await api.NewResidentAsync(place, circumstances: Circumstances.LivingAlone, name: "王秀英");
        var volunteer = await api.NewResidentAsync(place);
        var neighbour = await api.NewResidentAsync(place);
        var sameStreet = await api.NewResidentAsync(await api.NewCommunityAsync(place.StreetId));
        var otherStreet = await api.NewResidentAsync(await api.NewCommunityAsync());
        var wisher = await api.NewResidentAsync(place);
        var (_, partnerStaff) = await api.NewPartnerAsync(place);
        var admin = await api.NewAdminAsync(place.StreetId);

        var now = api.Clock.GetUtcNow();
        var sensitive = await ApprovedNeedAsync(place, elder, "陪同去医院复查", "elderlyCare", SensitiveAddress, now.AddHours(1));
        var hiddenWish = await ApprovedNeedAsync(place, wisher, "希望有人陪我下象棋", "microWish", null, now.AddHours(2));
        await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/wishes/{hiddenWish}/hide")).ShouldBeAsync(HttpStatusCode.OK);
        for (var i = 0; i < 3; i++)
            await api.PublishTaskAsync(place, startsAt: now.AddMinutes(-30 + i));
        var claim = await api.ClaimAsync(volunteer.Token, sensitive);

        await using var uncached = new UncachedNode(api.Provider, api.ConnectionString!);
        await uncached.InitializeAsync();
        var viewers = new (string Who, string Token)[]
        {
            ("elder", elder.Token), ("volunteer", volunteer.Token), ("neighbour", neighbour.Token), ("same street", sameStreet.Token),
            ("other street", otherStreet.Token), ("wisher", wisher.Token), ("partner", partnerStaff.Token), ("staff", place.StaffToken),
            ("admin", admin.Token),
        };
        // Twice each, in turns, so that every viewer but the first also reads the page another viewer put in the cache.
        for (var round = 0; round < 2; round++)
            foreach (var (who, token) in viewers)
                foreach (var (page, size) in new[] { (1, 20), (1, 2), (2, 2), (9, 2) })
                    Assert.True(await ListTextAsync(uncached, token, place, page, size) == await ListTextAsync(api, token, place, page, size),
                        $"{who}, page {page} of {size}");

        var ofNeighbour = await ListAsync(neighbour.Token, place);
        var ofVolunteer = await ListAsync(volunteer.Token, place);
        var ofWisher = await ListAsync(wisher.Token, place);
        Assert.Equal((4, 4), (ofNeighbour.Total, ofNeighbour.Items.Count));
        var seenByNeighbour = ofNeighbour.Items.Single(t => t.Id == sensitive);
        Assert.Null(seenByNeighbour.Address);
        Assert.Null(seenByNeighbour.MyClaim);
        var seenByVolunteer = ofVolunteer.Items.Single(t => t.Id == sensitive);
        Assert.Equal((SensitiveAddress, claim.Id), (seenByVolunteer.Address, seenByVolunteer.MyClaim?.Id));
        Assert.Equal(5, ofWisher.Total);
        Assert.Contains(hiddenWish, ofWisher.Items.Select(t => t.Id));
        Assert.DoesNotContain(hiddenWish, ofNeighbour.Items.Select(t => t.Id));
        Assert.Equal((0, 0), (await ListAsync(otherStreet.Token, place)) is var o ? (o.Total, o.Items.Count) : default);
        Assert.Equal((4, 4), (await ListAsync(sameStreet.Token, place)) is var n ? (n.Total, n.Items.Count) : default);
    }

    private async Task<Guid> ApprovedNeedAsync(Place place, Person requester, string title, string category, string? address, DateTimeOffset startsAt)
    {
        var need = await (await api.Client(requester.Token).PostJsonAsync("/api/v1/needs", new { title, category, address, description = "说明" }))
            .ReadAsync<NeedResponse>(HttpStatusCode.Created);
        var approved = await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/needs/{need.Id}/approve",
            new { slots = category == "microWish" ? 1 : 2, points = 10, startsAt, endsAt = startsAt.AddHours(2) })).ReadAsync<ApprovedNeedResponse>(HttpStatusCode.Created);
        return approved.Task.Id;
    }

    [Fact]
    public async Task A_wish_hidden_or_shown_again_changes_the_list_at_once_for_everybody()
    {
        var place = await api.NewCommunityAsync();
        var wisher = await api.NewResidentAsync(place);
        var viewer = await api.NewResidentAsync(place);
        var wish = await ApprovedNeedAsync(place, wisher, "想要一套课外书", "microWish", null, api.Clock.GetUtcNow());
        Assert.Equal([wish], (await ListAsync(viewer.Token, place)).Items.Select(t => t.Id));

        await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/wishes/{wish}/hide")).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Empty((await ListAsync(viewer.Token, place)).Items);
        Assert.Equal([wish], (await ListAsync(wisher.Token, place)).Items.Select(t => t.Id));
        await (await api.Client(place.StaffToken).PostJsonAsync($"/api/v1/wishes/{wish}/show")).ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal([wish], (await ListAsync(viewer.Token, place)).Items.Select(t => t.Id));
    }

    [Fact]
    public async Task A_resident_who_moves_street_sees_the_new_streets_tasks_at_once()
    {
        var place = await api.NewCommunityAsync();
        var elsewhere = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);
        var stayer = await api.NewResidentAsync(place);
        var task = await api.PublishTaskAsync(place);
        Assert.Equal([task], (await ListAsync(stayer.Token, place)).Items.Select(t => t.Id));

        await api.DbAsync(async db =>
        {
            var member = await db.Members.FindAsync(resident.Member.Id);
            member!.MoveTo(await db.Communities.FindAsync(elsewhere.CommunityId), await db.Grids.FindAsync(elsewhere.GridId));
            await db.SaveChangesAsync();
        });
        Assert.Empty((await ListAsync(resident.Token, place)).Items);
        Assert.Equal([task], (await ListAsync(stayer.Token, place)).Items.Select(t => t.Id));
    }

    /// <summary>Another API process on the same database with the list cache off (today's path).</summary>
    private sealed class UncachedNode(Provider provider, string connectionString) : ApiFactory(provider, connectionString)
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Tasks:ListCache:Seconds"] = "0" };
    }
}

public sealed class TaskListCacheOnPostgres(PostgresApi api) : TaskListCacheTests(api), IClassFixture<PostgresApi>;

public sealed class TaskListCacheOnSqlite(SqliteApi api) : TaskListCacheTests(api), IClassFixture<SqliteApi>;

/// <summary>A test host with the task list's cache off: the list as it was read before the cache (<c>ReadStatementTests</c>).</summary>
public sealed class PostgresApiWithoutListCache() : ApiFactory(Provider.Postgres)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Tasks:ListCache:Seconds"] = "0" };
}

/// <summary>The cache's own bounds and rules, without a database.</summary>
public sealed class TaskListCacheBoundsTests
{
    private static TaskView Row(Guid community, string title) => new(Guid.NewGuid(), community, null, null, null, title, new string('说', 200),
        TaskCategory.Environment, "东门大街 1 号", false, null, null, 5, 0, 10, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, false,
        ServiceTaskStatus.Published, null, DateTimeOffset.UnixEpoch, null, null, false);

    private static (TaskListCache Cache, TaskListChanges Changes, TestClock Clock) New(int maxEntries = 256, long maxBytes = 4 << 20, double seconds = 1)
    {
        var changes = new TaskListChanges();
        var clock = new TestClock(DateTimeOffset.UnixEpoch.AddYears(56));
        var options = Options.Create(new TaskListCacheOptions { Seconds = seconds, MaxEntries = maxEntries, MaxBytes = maxBytes });
        return (new TaskListCache(changes, options, clock), changes, clock);
    }

    private static void Store(TaskListCache cache, TestClock clock, Guid community, int rows = 20) =>
        cache.Store(community, 0, 20, Enumerable.Range(0, rows).Select(i => Row(community, "任务" + i)).ToArray(), rows, [], cache.Generation,
            clock.GetUtcNow());

    [Fact]
    public void Past_its_entries_or_bytes_the_cache_evicts_the_oldest_pages()
    {
        var (cache, _, clock) = New(maxEntries: 3);
        var communities = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        foreach (var community in communities)
        {
            Store(cache, clock, community);
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }
        Assert.Equal(3, cache.Size.Entries);
        Assert.Null(cache.Find(communities[0], 0, 20));
        Assert.NotNull(cache.Find(communities[4], 0, 20));

        var (small, _, smallClock) = New(maxBytes: 40_000);
        for (var i = 0; i < 20; i++)
            Store(small, smallClock, Guid.NewGuid());
        Assert.InRange(small.Size.Bytes, 1, 40_000);
        Assert.InRange(small.Size.Entries, 1, 19);
    }

    [Fact]
    public void A_page_is_served_until_it_expires_or_a_change_is_committed_and_not_kept_when_read_before_one()
    {
        var (cache, changes, clock) = New();
        var community = Guid.NewGuid();
        Store(cache, clock, community);
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.NotNull(cache.Find(community, 0, 20));
        Assert.Null(cache.Find(community, 20, 20));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(cache.Find(community, 0, 20));

        Store(cache, clock, community);
        changes.Changed();
        Assert.Null(cache.Find(community, 0, 20));

        // Read under the generation before a change committed meanwhile: answered once, never kept.
        var before = cache.Generation;
        changes.Changed();
        cache.Store(community, 0, 20, [Row(community, "旧")], 1, [], before, clock.GetUtcNow());
        Assert.Null(cache.Find(community, 0, 20));
    }

    [Fact]
    public async Task The_requests_that_miss_a_page_at_the_same_moment_share_one_read_of_it()
    {
        var (cache, changes, clock) = New();
        var community = Guid.NewGuid();
        var reads = 0;
        var database = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<SharedTaskPage> ReadAsync()
        {
            Interlocked.Increment(ref reads);
            await database.Task;
            return cache.Store(community, 0, 20, [Row(community, "共享")], 1, [], cache.Generation, clock.GetUtcNow());
        }

        var waiting = Enumerable.Range(0, 8).Select(_ => cache.ReadOnceAsync(community, 0, 20, ReadAsync, CancellationToken.None)).ToList();
        Assert.Equal(1, reads);
        database.SetResult();
        var pages = await Task.WhenAll(waiting);
        Assert.All(pages, page => Assert.Same(pages[0], page));
        Assert.Same(pages[0], cache.Find(community, 0, 20));

        // A change committed while a read is under way: a request after it does not wait for that read (it may predate
        // the change) but reads for itself; one that missed the page before the change still shares the read.
        clock.Advance(TimeSpan.FromSeconds(1));
        database = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var before = cache.ReadOnceAsync(community, 0, 20, ReadAsync, CancellationToken.None);
        var alsoBefore = cache.ReadOnceAsync(community, 0, 20, ReadAsync, CancellationToken.None);
        changes.Changed();
        var after = cache.ReadOnceAsync(community, 0, 20, ReadAsync, CancellationToken.None);
        Assert.Equal(3, reads);
        database.SetResult();
        Assert.Same(await before, await alsoBefore);
        Assert.NotSame(await before, await after);
    }

    [Fact]
    public async Task When_the_shared_read_fails_each_waiting_request_reads_for_itself()
    {
        var (cache, _, clock) = New();
        var community = Guid.NewGuid();
        var reads = 0;
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<SharedTaskPage> ReadAsync()
        {
            if (Interlocked.Increment(ref reads) == 1)
            {
                await first.Task;
                throw new InvalidOperationException("the database went away");
            }
            return cache.Store(community, 0, 20, [Row(community, "重读")], 1, [], cache.Generation, clock.GetUtcNow());
        }

        var failing = cache.ReadOnceAsync(community, 0, 20, ReadAsync, CancellationToken.None);
        var waiters = Enumerable.Range(0, 3).Select(_ => cache.ReadOnceAsync(community, 0, 20, ReadAsync, CancellationToken.None)).ToList();
        first.SetResult();
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        var pages = await Task.WhenAll(waiters);
        Assert.All(pages, page => Assert.Equal("重读", page.Rows.Single().Title));
        Assert.InRange(reads, 2, 4);
    }

    [Theory]
    [InlineData("UPDATE \"Tasks\" SET \"Taken\" = \"Taken\" + 1 WHERE \"Id\" = $1", true)]
    [InlineData("WITH slot AS (UPDATE \"Tasks\" SET \"Taken\" = \"Taken\" + 1 FROM m WHERE 1 = 1 RETURNING 1) INSERT INTO \"Claims\" SELECT 1", true)]
    [InlineData("INSERT INTO \"Tasks\" (\"Id\") VALUES (@p0)", true)]
    [InlineData("DELETE FROM \"Tasks\" AS t WHERE t.\"Id\" = @p", true)]
    [InlineData("SELECT t.\"Id\" FROM \"Tasks\" AS t", false)]
    [InlineData("UPDATE \"TaskRatings\" SET x = 1", false)]
    public void Writes_of_the_tasks_table_are_recognised(string sql, bool writes) => Assert.Equal(writes, TaskListChanges.WritesTasks(sql));
}

/// <summary>
/// What the cache saves: a page another resident of the street already read costs one small statement (the viewer's home
/// street and own claims), sent with PostgreSQL's own placeholders; a page not in the cache costs its shared read once.
/// </summary>
public sealed class TaskListCacheStatementTests(PostgresApi api) : IClassFixture<PostgresApi>
{
    [Fact]
    public async Task A_cached_page_costs_one_small_statement_per_viewer()
    {
        var place = await api.NewCommunityAsync();
        var first = await api.NewResidentAsync(place);
        var second = await api.NewResidentAsync(place);
        var now = api.Clock.GetUtcNow();
        var tasks = new List<Guid>();
        for (var i = 0; i < 3; i++)
            tasks.Add(await api.PublishTaskAsync(place, startsAt: now.AddMinutes(-30 + i)));
        var claim = await api.ClaimAsync(second.Token, tasks[1]);
        var client = api.Client(first.Token);
        using var counter = await ReadStatementTests.StatementCounter.StartAsync(api, client);

        var url = $"/api/v1/tasks?communityId={place.CommunityId}&pageSize=2";
        var page = await (await client.GetAsync(url)).ReadAsync<Paged<TaskResponse>>();
        Assert.Equal(3, counter.Count); // the shared page, who has a hidden wish there, the viewer's part
        Assert.Equal(3, page.Total);
        Assert.Equal([tasks[2], tasks[1]], page.Items.Select(t => t.Id));

        var other = api.Client(second.Token);
        await other.GetAsync("/api/v1/me");
        counter.Reset();
        var theirs = await (await other.GetAsync(url)).ReadAsync<Paged<TaskResponse>>();
        var sent = Assert.Single(counter.Sent);
        Assert.DoesNotContain("\"Title\"", sent.Text, StringComparison.Ordinal);
        Assert.Contains("$1", sent.Text, StringComparison.Ordinal);
        Assert.All(sent.ParameterNames, name => Assert.Equal("", name));
        Assert.Equal((claim.Id, 1), (theirs.Items[1].MyClaim?.Id, theirs.Items[1].Taken));
        Assert.Null(theirs.Items[0].MyClaim);
        Assert.Null(page.Items[1].MyClaim);
    }
}
