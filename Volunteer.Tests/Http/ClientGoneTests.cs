using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Volunteer.Api.Http;
using Volunteer.Api.Tasks;
using Volunteer.Domain.Notifications;
using Volunteer.Domain.Tasks;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Http;

/// <summary>The API with a <see cref="HeldWrite"/> on its DbContext.</summary>
public class WriteHoldingApi(Provider provider) : ApiFactory(provider)
{
    public HeldWrite Hold { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        InterceptDatabase(builder, Hold);
    }
}

public sealed class PostgresWriteHoldingApi() : WriteHoldingApi(Provider.Postgres);

public sealed class SqliteWriteHoldingApi() : WriteHoldingApi(Provider.Sqlite);

/// <summary>
/// Holds the first command that takes a task's slot (the claim's write) until the test lets it go, and says whether the
/// token it was given could still cancel it.
/// </summary>
public sealed class HeldWrite : DbCommandInterceptor
{
    private volatile TaskCompletionSource? _entered;
    private volatile TaskCompletionSource? _release;

    public bool? TokenCouldCancel { get; private set; }

    /// <summary>Holds the next claim write; the first task completes when it is held.</summary>
    public (Task Entered, Action Release) Arm()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        (_entered, _release, TokenCouldCancel) = (entered, release, null);
        return (entered.Task, () => release.TrySetResult());
    }

    private async Task HoldAsync(DbCommand command, CancellationToken token)
    {
        if (_entered is not { } entered || !command.CommandText.Contains("UPDATE \"Tasks\" SET \"Taken\" = \"Taken\" + 1", StringComparison.Ordinal))
            return;
        _entered = null;
        entered.TrySetResult();
        await _release!.Task.WaitAsync(TimeSpan.FromSeconds(30));
        TokenCouldCancel = token.CanBeCanceled;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await HoldAsync(command, cancellationToken);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await HoldAsync(command, cancellationToken);
        return result;
    }
}

/// <summary>
/// A write runs to its end when its client goes away (<see cref="WritesRunToTheEnd"/>): a resident whose connection drops
/// while the claim is being written holds the claim, with its 认领成功 message, and sees it on the next refresh.
/// </summary>
public abstract class ClientGoneTests(WriteHoldingApi api)
{
    [Fact]
    public async Task A_claim_whose_client_leaves_while_it_is_written_is_made_all_the_same()
    {
        var place = await api.NewCommunityAsync();
        var resident = await api.NewResidentAsync(place, name: "钱进");
        var taskId = await api.PublishTaskAsync(place, slots: 2);

        var (entered, release) = api.Hold.Arm();
        using var leaving = new CancellationTokenSource();
        var request = api.Client(resident.Token).PostAsync($"/api/v1/tasks/{taskId}/claims", null, leaving.Token);
        await entered.WaitAsync(TimeSpan.FromSeconds(30));
        await leaving.CancelAsync(); // the client is gone while the server holds the write
        release();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        // The server goes on after the client has gone; a cancelled write never makes the claim, and the wait fails.
        await Wait.UntilAsync(() => api.DbAsync(db => db.Claims.AnyAsync(c => c.TaskId == taskId && c.MemberId == resident.Id)),
            TimeSpan.FromSeconds(10), pollMs: 50);
        var made = await api.DbAsync(async db => (
            Taken: await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync(),
            Claims: await db.Claims.CountAsync(c => c.TaskId == taskId && c.MemberId == resident.Id),
            Messages: await db.Notifications.CountAsync(n => n.RecipientId == resident.Id && n.Kind == NotificationKind.ClaimAccepted)));
        Assert.Equal((1, 1, 1), made);
        Assert.False(api.Hold.TokenCouldCancel);

        // The resident's next look at the task shows the claim as theirs.
        var task = await (await api.Client(resident.Token).GetAsync($"/api/v1/tasks/{taskId}")).ReadAsync<TaskResponse>();
        Assert.Equal(ClaimStatus.Accepted, task.MyClaim?.Status);
    }

    [Theory]
    [InlineData("POST", true)]
    [InlineData("PUT", true)]
    [InlineData("PATCH", true)]
    [InlineData("DELETE", true)]
    [InlineData("GET", false)]
    [InlineData("HEAD", false)]
    [InlineData("OPTIONS", false)]
    public void Only_methods_that_change_data_outlive_their_client(string method, bool outlives) =>
        Assert.Equal(outlives, WritesRunToTheEnd.Changes(method));
}

public sealed class ClientGoneOnPostgres(PostgresWriteHoldingApi api) : ClientGoneTests(api), IClassFixture<PostgresWriteHoldingApi>;

public sealed class ClientGoneOnSqlite(SqliteWriteHoldingApi api) : ClientGoneTests(api), IClassFixture<SqliteWriteHoldingApi>;
