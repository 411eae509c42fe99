using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Volunteer.Api.Http;
using Volunteer.Api.Points;
using Volunteer.Api.Tasks;
using Volunteer.Domain.Tasks;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>
/// The reads the mini-program makes most answer in one database statement: the task list (the street in view,
/// the page, the total and the caller's own claims together) and the caller's points; a signed-in resident
/// costs no statement of its own. With the task list's cache off (<c>Tasks:ListCache:Seconds</c> = 0: the statement every
/// page is read with without it, and for a resident with a wish hidden from the wall); the cache's own statements are
/// counted in <c>TaskListCacheStatementTests</c>.
/// </summary>
public sealed class ReadStatementTests(PostgresApiWithoutListCache api) : IClassFixture<PostgresApiWithoutListCache>
{
    [Fact]
    public async Task The_task_list_is_one_statement_with_the_total_and_the_residents_own_claims()
    {
        var (place, resident, tasks) = await ThreeTasksAsync();
        var claim = await api.ClaimAsync(resident.Token, tasks[1]);
        var otherStreet = await api.NewCommunityAsync();
        await api.PublishTaskAsync(otherStreet);
        var client = api.Client(resident.Token);
        using var counter = await StatementCounter.StartAsync(api, client);
        var page = await (await client.GetAsync($"/api/v1/tasks?pageSize=2")).ReadAsync<Paged<TaskResponse>>();

        Assert.Equal(1, counter.Count);
        Assert.Equal((3, 2), (page.Total, page.Items.Count));
        Assert.Equal([tasks[2], tasks[1]], page.Items.Select(t => t.Id));
        Assert.Null(page.Items[0].MyClaim);
        Assert.Equal((claim.Id, ClaimStatus.Accepted), (page.Items[1].MyClaim!.Id, page.Items[1].MyClaim!.Status));

        // A page past the end still tells the total: one more statement, only there.
        counter.Reset();
        var past = await (await client.GetAsync("/api/v1/tasks?page=3&pageSize=2")).ReadAsync<Paged<TaskResponse>>();
        Assert.Equal(2, counter.Count);
        Assert.Equal((3, 0, 3), (past.Total, past.Items.Count, past.Page));

        // Staff see the same tasks in one statement too, without anyone's claims.
        var staff = api.Client(place.StaffToken);
        await staff.GetAsync("/api/v1/me"); // their account's stamp, checked once per 30 s
        counter.Reset();
        var staffPage = await (await staff.GetAsync($"/api/v1/tasks?communityId={place.CommunityId}")).ReadAsync<Paged<TaskResponse>>();
        Assert.Equal(1, counter.Count);
        Assert.Equal(3, staffPage.Total);
        Assert.All(staffPage.Items, t => Assert.Null(t.MyClaim));
    }

    [Fact]
    public async Task The_mini_programs_first_page_is_sent_without_an_offset_and_later_pages_with_one()
    {
        // PostgreSQL plans a prepared statement with OFFSET $n afresh on every execution (its generic plan looks dearer),
        // so page 1, the mini-program's usual request, leaves the offset out and keeps the generic plan.
        var (place, resident, tasks) = await ThreeTasksAsync();
        var claim = await api.ClaimAsync(resident.Token, tasks[0]);
        var client = api.Client(resident.Token);
        using var counter = await StatementCounter.StartAsync(api, client);

        var first = await (await client.GetAsync($"/api/v1/tasks?communityId={place.CommunityId}&pageSize=2")).ReadAsync<Paged<TaskResponse>>();
        Assert.Equal(1, counter.Count);
        Assert.DoesNotContain("OFFSET", counter.Texts.Single(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(3, first.Total);
        Assert.Equal([tasks[2], tasks[1]], first.Items.Select(t => t.Id));
        Assert.All(first.Items, t => Assert.Null(t.MyClaim));

        counter.Reset();
        var second = await (await client.GetAsync($"/api/v1/tasks?communityId={place.CommunityId}&page=2&pageSize=2")).ReadAsync<Paged<TaskResponse>>();
        Assert.Equal(1, counter.Count);
        Assert.Contains("OFFSET", counter.Texts.Single(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal((3, 2), (second.Total, second.Page));
        Assert.Equal([tasks[0]], second.Items.Select(t => t.Id));
        Assert.Equal((claim.Id, ClaimStatus.Accepted), (second.Items[0].MyClaim!.Id, second.Items[0].MyClaim!.Status));
    }

    [Fact]
    public async Task The_mini_programs_list_reaches_PostgreSQL_with_positional_placeholders_and_other_statements_as_written()
    {
        // Npgsql rewrites named placeholders (@memberId) into PostgreSQL's own ($1) on every execution of a statement;
        // the mini-program's list is sent in the native form, worked out once (PositionalParameters).
        var (place, resident, tasks) = await ThreeTasksAsync();
        var claim = await api.ClaimAsync(resident.Token, tasks[2]);
        var client = api.Client(resident.Token);
        using var counter = await StatementCounter.StartAsync(api, client);

        foreach (var page in new[] { 1, 2 })
        {
            counter.Reset();
            var list = await (await client.GetAsync($"/api/v1/tasks?communityId={place.CommunityId}&pageSize=2&page={page}"))
                .ReadAsync<Paged<TaskResponse>>();
            var sent = counter.Sent.Single();
            Assert.Contains("$1", sent.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("@", sent.Text, StringComparison.Ordinal);
            Assert.All(sent.ParameterNames, name => Assert.Equal("", name));
            Assert.Equal(3, list.Total);
            Assert.Equal(page == 1 ? new[] { tasks[2], tasks[1] } : [tasks[0]], list.Items.Select(t => t.Id));
            Assert.Equal(page == 1 ? (Guid?)claim.Id : null, list.Items[0].MyClaim?.Id);
        }

        // Staff's list (the general path) goes as EF Core wrote it, named placeholders and all.
        var staff = api.Client(place.StaffToken);
        await staff.GetAsync("/api/v1/me");
        counter.Reset();
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/api/v1/tasks?communityId={place.CommunityId}")).StatusCode);
        Assert.Contains("@", counter.Sent.Single().Text, StringComparison.Ordinal);
    }

    /// <summary>A new community with a resident and three tasks, started a minute apart (the latest last).</summary>
    private async Task<(Place Place, Person Resident, List<Guid> Tasks)> ThreeTasksAsync()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);
        var now = api.Clock.GetUtcNow();
        var tasks = new List<Guid>();
        for (var i = 0; i < 3; i++)
            tasks.Add(await api.PublishTaskAsync(place, startsAt: now.AddMinutes(-30 + i), endsAt: now.AddHours(3)));
        return (place, resident, tasks);
    }

    [Fact]
    public async Task A_residents_points_are_one_statement()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place);
        var client = api.Client(resident.Token);
        using var counter = await StatementCounter.StartAsync(api, client);
        var points = await (await client.GetAsync("/api/v1/me/points")).ReadAsync<PointsResponse>();

        Assert.Equal(1, counter.Count);
        Assert.Equal(0, points.Balance);
    }

    /// <summary>Counts the statements EF Core sends to this factory's database (other test classes use other databases).</summary>
    internal sealed class StatementCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _database;
        private readonly IDisposable _all;
        private readonly ConcurrentBag<IDisposable> _subscriptions = [];
        private int _count;

        private StatementCounter(ApiFactory factory)
        {
            _database = (string)new DbConnectionStringBuilder { ConnectionString = factory.ConnectionString }["Database"];
            _all = DiagnosticListener.AllListeners.Subscribe(this);
        }

        /// <summary>
        /// Counting from zero once EF Core reports commands: it checks for listeners only now and then (its
        /// logging cache), so a warm-up request (the caller's profile, which also reads the erased members the
        /// first time) is repeated until one is seen.
        /// </summary>
        public static async Task<StatementCounter> StartAsync(ApiFactory factory, HttpClient caller)
        {
            var counter = new StatementCounter(factory);
            for (var attempt = 0; attempt < 50 && counter.Count == 0; attempt++)
            {
                await caller.GetAsync("/api/v1/me");
                if (counter.Count == 0)
                    await Task.Delay(100);
            }
            Assert.True(counter.Count > 0, "EF Core reported no command");
            counter.Reset();
            return counter;
        }

        public int Count => Volatile.Read(ref _count);

        /// <summary>The text of each statement counted since the last reset.</summary>
        public ConcurrentQueue<string> Texts { get; private set; } = new();

        /// <summary>Each statement as it went to the database (after the interceptors), with its parameters' names.</summary>
        public ConcurrentQueue<(string Text, string[] ParameterNames)> Sent { get; private set; } = new();

        public void Reset()
        {
            Interlocked.Exchange(ref _count, 0);
            Texts = new();
            Sent = new();
        }

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == Microsoft.EntityFrameworkCore.DbLoggerCategory.Name)
                _subscriptions.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data
                && string.Equals(data.Command.Connection?.Database, _database, StringComparison.Ordinal))
            {
                Texts.Enqueue(data.Command.CommandText);
                Interlocked.Increment(ref _count);
            }
            else if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData executed
                && string.Equals(executed.Command.Connection?.Database, _database, StringComparison.Ordinal))
                Sent.Enqueue((executed.Command.CommandText,
                    executed.Command.Parameters.Cast<DbParameter>().Select(p => p.ParameterName).ToArray()));
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }

        public void Dispose()
        {
            _all.Dispose();
            foreach (var subscription in _subscriptions)
                subscription.Dispose();
        }
    }
}
