using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Volunteer.Api.Claims;
using Volunteer.Domain.Notifications;
using Volunteer.Domain.Tasks;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>The API with a <see cref="StatementLog"/> on its DbContext.</summary>
public class StatementCountingApi(Provider provider) : ApiFactory(provider)
{
    public StatementLog Log { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        InterceptDatabase(builder, Log.Commands, Log.Transactions, Log.Connections);
    }
}

public sealed class PostgresStatementCountingApi() : StatementCountingApi(Provider.Postgres);

public sealed class SqliteStatementCountingApi() : StatementCountingApi(Provider.Sqlite);

/// <summary>
/// What one claim costs the database, counted on each provider (the promise in <c>ClaimTask</c>'s remarks). A resident's
/// claim of a task this instance has seen claimed, on PostgreSQL: <b>one statement</b> (the member, the conditional slot
/// update, the claim, its notification and WeChat delivery; atomic by itself, no explicit transaction). The first claim
/// of a task here, and every claim on SQLite: one read (the task, its street, the member and their street), then the
/// write — on PostgreSQL one statement, on SQLite the update and one command of the three inserts in one transaction. No
/// savepoint, no check for an existing claim before inserting (the unique index answers), no reload after the write.
/// </summary>
public abstract class ClaimStatementTests(StatementCountingApi api)
{
    [Fact]
    public async Task A_residents_claim_is_one_statement_once_the_task_is_known_here_and_one_read_and_one_write_before()
    {
        var place = await api.NewCommunityAsync();
        var first = await api.NewResidentAsync(place, name: "赵敏");
        var next = await api.NewResidentAsync(place, name: "孙丽", phone: "13700002222");
        var warmUp = await api.PublishTaskAsync(place);
        var taskId = await api.PublishTaskAsync(place, slots: 3);
        await api.ClaimAsync(first.Token, warmUp); // the token's member check is cached after the first request
        await api.ClaimAsync(next.Token, warmUp);

        api.Log.Arm();
        var claim = await (await api.Client(first.Token).PostJsonAsync($"/api/v1/tasks/{taskId}/claims"))
            .ReadAsync<ClaimResponse>(HttpStatusCode.Created);
        api.Log.Disarm();

        // The task's first claim here: the read, then the write. Answered from what the use case held.
        Assert.Equal((taskId, "环境整治", "赵敏", ClaimStatus.Accepted), (claim.TaskId, claim.TaskTitle, claim.ClaimantName, claim.Status));
        var statements = api.Log.Statements;
        Assert.True(statements.Count == (api.Provider == Provider.Postgres ? 2 : 3), "Got:\n" + string.Join("\n---\n", statements));
        Assert.StartsWith("SELECT", statements[0].TrimStart());
        Assert.Contains("\"Members\"", statements[0]);
        Assert.Contains("\"Communities\"", statements[0]);
        AssertWrites(string.Join("\n", statements.Skip(1)));
        if (api.Provider == Provider.Postgres)
        {
            // One statement: the update and the three inserts in one round trip, one implicit transaction.
            Assert.StartsWith("WITH slot AS (UPDATE \"Tasks\"", statements[1].TrimStart());
            Assert.Equal((1, 0, 0), (api.Log.ConnectionsOpened, api.Log.TransactionsBegun, api.Log.Savepoints));
        }
        else
        {
            Assert.StartsWith("UPDATE \"Tasks\"", statements[1].TrimStart());
            Assert.All(statements[2].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                insert => Assert.StartsWith("INSERT INTO", insert));
            Assert.Equal((1, 1, 1, 0, 0), (api.Log.ConnectionsOpened, api.Log.TransactionsBegun, api.Log.TransactionsCommitted,
                api.Log.TransactionsRolledBack, api.Log.Savepoints));
        }

        api.Log.Arm();
        var second = await (await api.Client(next.Token).PostJsonAsync($"/api/v1/tasks/{taskId}/claims"))
            .ReadAsync<ClaimResponse>(HttpStatusCode.Created);
        api.Log.Disarm();

        // The next claim of the same task: on PostgreSQL one statement, which also brings the name and phone the answer shows.
        Assert.Equal((taskId, "环境整治", "孙丽", "13700002222", ClaimStatus.Accepted),
            (second.TaskId, second.TaskTitle, second.ClaimantName, second.ClaimantPhone, second.Status));
        statements = api.Log.Statements;
        if (api.Provider == Provider.Postgres)
        {
            Assert.True(statements.Count == 1, "Got:\n" + string.Join("\n---\n", statements));
            Assert.StartsWith("WITH m AS (", statements[0].TrimStart());
            AssertWrites(statements[0]);
            Assert.Equal((1, 0, 0), (api.Log.ConnectionsOpened, api.Log.TransactionsBegun, api.Log.Savepoints));
        }
        else
            Assert.True(statements.Count == 3, "Got:\n" + string.Join("\n---\n", statements));

        var (taken, claims, notifications) = await api.DbAsync(async db => (
            await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync(),
            await db.Claims.CountAsync(c => c.TaskId == taskId && (c.MemberId == first.Id || c.MemberId == next.Id)),
            await db.Notifications.CountAsync(n => (n.SubjectId == claim.Id || n.SubjectId == second.Id) && n.Kind == NotificationKind.ClaimAccepted)));
        Assert.Equal((2, 2, 2), (taken, claims, notifications));
    }

    private static void AssertWrites(string write) =>
        Assert.All(new[] { "UPDATE \"Tasks\"", "INSERT INTO \"Claims\"", "INSERT INTO \"Notifications\"", "INSERT INTO \"NotificationDeliveries\"" },
            part => Assert.Contains(part, write));

    [Fact]
    public async Task A_second_claim_of_the_same_task_is_refused_by_the_unique_index_and_leaves_the_slots_as_they_were()
    {
        var place = await api.NewCommunityAsync();
        var member = await api.NewResidentAsync(place);
        var taskId = await api.PublishTaskAsync(place, slots: 3);
        await api.ClaimAsync(member.Token, taskId);

        api.Log.Arm();
        var problem = await (await api.Client(member.Token).PostJsonAsync($"/api/v1/tasks/{taskId}/claims")).ProblemAsync(HttpStatusCode.Conflict);
        api.Log.Disarm();

        Assert.Equal("claim.duplicate", problem.Code);
        // PostgreSQL: the one statement (the task is known here since the first claim), which the unique index refuses.
        // SQLite: the read, the slot update and the inserts, in a transaction rolled back.
        var statements = api.Log.Statements;
        var expected = api.Provider == Provider.Postgres ? 1 : 3;
        Assert.True(statements.Count == expected, $"Expected {expected} statements, got:\n" + string.Join("\n---\n", statements));
        Assert.DoesNotContain(statements, s => s.TrimStart().StartsWith("SELECT", StringComparison.Ordinal) && s.Contains("FROM \"Claims\""));
        Assert.Equal(api.Provider == Provider.Postgres ? (0, 0, 0) : (1, 0, 0), (api.Log.TransactionsBegun, api.Log.TransactionsCommitted, api.Log.Savepoints));

        var (taken, claims) = await api.DbAsync(async db => (
            await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync(),
            await db.Claims.CountAsync(c => c.TaskId == taskId)));
        Assert.Equal((1, 1), (taken, claims));
        Assert.Equal(1, await api.DbAsync(db => db.Notifications.CountAsync(n => n.RecipientId == member.Id && n.Kind == NotificationKind.ClaimAccepted)));
    }

    [Fact]
    public async Task A_claim_of_a_task_of_another_street_is_404_after_one_read_and_writes_nothing()
    {
        var place = await api.NewCommunityAsync();
        var elsewhere = await api.NewCommunityAsync();
        var member = await api.NewResidentAsync(place);
        var taskId = await api.PublishTaskAsync(elsewhere);
        await api.ClaimAsync(member.Token, await api.PublishTaskAsync(place));

        api.Log.Arm();
        var problem = await (await api.Client(member.Token).PostJsonAsync($"/api/v1/tasks/{taskId}/claims")).ProblemAsync(HttpStatusCode.NotFound);
        api.Log.Disarm();

        Assert.Equal("task.notFound", problem.Code);
        Assert.Single(api.Log.Statements);
        Assert.Equal(0, api.Log.TransactionsBegun);
        Assert.Equal(0, await api.DbAsync(db => db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync()));
    }

    [Fact]
    public async Task A_claim_of_a_task_of_another_street_known_here_takes_nothing_then_the_read_answers_404()
    {
        var place = await api.NewCommunityAsync();
        var elsewhere = await api.NewCommunityAsync();
        var member = await api.NewResidentAsync(place);
        var there = await api.NewResidentAsync(elsewhere);
        var taskId = await api.PublishTaskAsync(elsewhere);
        await api.ClaimAsync(there.Token, taskId); // someone of that street claimed it: its terms are known here
        await api.ClaimAsync(member.Token, await api.PublishTaskAsync(place));

        api.Log.Arm();
        var problem = await (await api.Client(member.Token).PostJsonAsync($"/api/v1/tasks/{taskId}/claims")).ProblemAsync(HttpStatusCode.NotFound);
        api.Log.Disarm();

        Assert.Equal("task.notFound", problem.Code);
        var statements = api.Log.Statements;
        if (api.Provider == Provider.Postgres)
        {
            // The one statement found no member of the task's street and wrote nothing; the read explained it.
            Assert.True(statements.Count == 2, "Got:\n" + string.Join("\n---\n", statements));
            Assert.StartsWith("WITH m AS (", statements[0].TrimStart());
            Assert.StartsWith("SELECT", statements[1].TrimStart());
        }
        else
            Assert.Single(statements);
        Assert.Equal(0, api.Log.TransactionsBegun);
        Assert.Equal((1, 1), await api.DbAsync(async db => (
            await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync(),
            await db.Claims.CountAsync(c => c.TaskId == taskId))));
    }
}

public sealed class ClaimStatementsOnPostgres(PostgresStatementCountingApi api) : ClaimStatementTests(api), IClassFixture<PostgresStatementCountingApi>;

public sealed class ClaimStatementsOnSqlite(SqliteStatementCountingApi api) : ClaimStatementTests(api), IClassFixture<SqliteStatementCountingApi>;
