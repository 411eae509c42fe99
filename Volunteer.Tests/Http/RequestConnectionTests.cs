using System.Collections.Concurrent;
using System.Data;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Volunteer.Api.Claims;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>The API, noting for each request whether its database connection was still open when its answer began.</summary>
public class ConnectionWatchingApi(Provider provider) : ApiFactory(provider)
{
    /// <summary>Per request (method and path): the request's connection state when the response started.</summary>
    public ConcurrentQueue<(string Request, ConnectionState State)> AtAnswer { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(new Watch(AtAnswer)));
    }

    private sealed class Watch(ConcurrentQueue<(string, ConnectionState)> log) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, proceed) =>
            {
                context.Response.OnStarting(() =>
                {
                    var db = context.RequestServices.GetRequiredService<VolunteerDbContext>();
                    log.Enqueue(($"{context.Request.Method} {context.Request.Path}", db.Database.GetDbConnection().State));
                    return Task.CompletedTask;
                });
                await proceed(context);
            });
            next(app);
        };
    }
}

public sealed class PostgresConnectionWatchingApi() : ConnectionWatchingApi(Provider.Postgres);

public sealed class SqliteConnectionWatchingApi() : ConnectionWatchingApi(Provider.Sqlite);

/// <summary>
/// A request holds its database connection while its handler runs, not while its answer is written: a slow phone reading
/// a long answer over 4G does not keep one of the pool's few connections from the next request.
/// </summary>
public abstract class RequestConnectionTests(ConnectionWatchingApi api)
{
    [Fact]
    public async Task A_claim_and_a_task_list_give_their_connection_back_before_their_answers_are_written()
    {
        var place = await api.NewCommunityAsync();
        var member = await api.NewResidentAsync(place, name: "钱芳");
        var taskId = await api.PublishTaskAsync(place, slots: 2);
        var client = api.Client(member.Token);
        api.AtAnswer.Clear();

        var claim = await (await client.PostJsonAsync($"/api/v1/tasks/{taskId}/claims")).ReadAsync<ClaimResponse>(HttpStatusCode.Created);
        var list = await client.GetAsync($"/api/v1/tasks?communityId={place.CommunityId}");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains(taskId.ToString(), await list.Content.ReadAsStringAsync());
        var seen = api.AtAnswer.ToArray();
        Assert.Equal(
            [($"POST /api/v1/tasks/{taskId}/claims", ConnectionState.Closed), ("GET /api/v1/tasks", ConnectionState.Closed)],
            seen);
        // The claim was written and committed before the connection went back.
        Assert.Equal(1, await api.DbAsync(db => db.Claims.CountAsync(c => c.Id == claim.Id && c.TaskId == taskId)));
    }

    [Fact]
    public async Task A_refused_claim_answers_its_problem_and_leaves_no_connection_open()
    {
        var place = await api.NewCommunityAsync();
        var member = await api.NewResidentAsync(place);
        var taskId = await api.PublishTaskAsync(place, slots: 2);
        await api.ClaimAsync(member.Token, taskId);
        api.AtAnswer.Clear();

        var problem = await (await api.Client(member.Token).PostJsonAsync($"/api/v1/tasks/{taskId}/claims")).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal("claim.duplicate", problem.Code);
        Assert.Equal([($"POST /api/v1/tasks/{taskId}/claims", ConnectionState.Closed)], api.AtAnswer.ToArray());
        Assert.Equal(1, await api.DbAsync(db => db.Claims.CountAsync(c => c.TaskId == taskId)));
    }
}

public sealed class RequestConnectionOnPostgres(PostgresConnectionWatchingApi api) : RequestConnectionTests(api), IClassFixture<PostgresConnectionWatchingApi>;

public sealed class RequestConnectionOnSqlite(SqliteConnectionWatchingApi api) : RequestConnectionTests(api), IClassFixture<SqliteConnectionWatchingApi>;
