using Microsoft.EntityFrameworkCore;
using Volunteer.Domain.Notifications;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Notifications;
using Volunteer.Infrastructure.Persistence;
using Volunteer.Infrastructure.Tasks;
using Volunteer.Tests.Support;

namespace Volunteer.Tests.Persistence;

/// <summary>
/// The claim's hand-written write (<see cref="ClaimSql"/>) on each provider: its slot condition is the
/// entity's <see cref="ServiceTask.SlotFree"/>, a slot gone between the claim's read and its write is not
/// taken, the rows it writes read back as the entities that were written, and a duplicate leaves the slot.
/// </summary>
public abstract class ClaimSqlTests(ApiFactory api)
{
    private enum Change { None, Full, Cancelled, Closed, Ended }

    [Fact]
    public async Task The_slot_condition_in_SQL_selects_the_same_tasks_as_the_entity_condition()
    {
        var place = await api.NewCommunityAsync();
        var tasks = new Dictionary<Change, Guid>();
        foreach (var change in Enum.GetValues<Change>())
            tasks[change] = await TaskAsync(place, change);
        var now = api.Clock.GetUtcNow();
        var ids = tasks.Values.ToList();

        var (byEntity, bySql) = await api.DbAsync(async db => (
            await db.Tasks.Where(t => ids.Contains(t.Id)).Where(ServiceTask.SlotFree.At(now)).Select(t => t.Id).ToListAsync(),
            await db.Database.SqlQueryRaw<Guid>($"""SELECT "Id" AS "Value" FROM "Tasks" WHERE {ClaimSql.SlotFree}""",
                0, db.Database.IsSqlite() ? now.UtcTicks : now).ToListAsync()));

        Assert.Equal([tasks[Change.None]], byEntity);
        Assert.Equal(byEntity, bySql.Where(ids.Contains));
    }

    [Theory]
    [InlineData("Full")]
    [InlineData("Cancelled")]
    [InlineData("Closed")]
    [InlineData("Ended")]
    public async Task A_slot_gone_between_the_read_and_the_write_is_not_taken_and_nothing_is_written(string changed)
    {
        var place = await api.NewCommunityAsync();
        var member = await api.NewResidentAsync(place);
        var taskId = await TaskAsync(place, Change.None);
        var now = api.Clock.GetUtcNow();
        var (task, claim, rows) = await ReadAndClaimAsync(taskId, member, now);
        await ChangeAsync(taskId, Enum.Parse<Change>(changed));
        var takenBefore = await api.DbAsync(db => db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync());

        Assert.False(await api.DbAsync(db => ClaimSql.TakeSlotAndInsertAsync(db, taskId, now, rows, CancellationToken.None)));

        Assert.Equal((takenBefore, 0, 0), await api.DbAsync(async db => (
            await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync(),
            await db.Claims.CountAsync(c => c.TaskId == taskId),
            await db.Notifications.CountAsync(n => n.SubjectId == claim.Id))));
    }

    [Fact]
    public async Task The_rows_written_read_back_as_the_claim_its_notification_and_delivery()
    {
        var place = await api.NewCommunityAsync();
        var member = await api.NewResidentAsync(place);
        var taskId = await TaskAsync(place, Change.None);
        var now = api.Clock.GetUtcNow();
        var (_, claim, rows) = await ReadAndClaimAsync(taskId, member, now);

        Assert.True(await api.DbAsync(db => ClaimSql.TakeSlotAndInsertAsync(db, taskId, now, rows, CancellationToken.None)));

        await api.DbAsync(async db =>
        {
            Assert.Equal(1, await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync());
            var notification = (Notification)rows[1];
            var stored = new object[]
            {
                await db.Claims.AsNoTracking().SingleAsync(c => c.Id == claim.Id),
                await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == notification.Id),
                await db.NotificationDeliveries.AsNoTracking().SingleAsync(d => d.NotificationId == notification.Id),
            };
            // Every mapped property, as SaveChanges would have stored it (enums as text, instants to the microsecond).
            for (var i = 0; i < rows.Length; i++)
                foreach (var property in db.Model.FindEntityType(rows[i].GetType())!.GetProperties())
                    Assert.True(Equal(property.GetGetter().GetClrValue(rows[i]), property.GetGetter().GetClrValue(stored[i])),
                        $"{rows[i].GetType().Name}.{property.Name}: wrote {property.GetGetter().GetClrValue(rows[i])}, read {property.GetGetter().GetClrValue(stored[i])}");
            Assert.Equal((ClaimStatus.Accepted, member.Id, NotificationKind.ClaimAccepted, DeliveryStatus.Pending),
                (((Claim)stored[0]).Status, ((Claim)stored[0]).MemberId, ((Notification)stored[1]).Kind, ((NotificationDelivery)stored[2]).Status));
        });
    }

    [Fact]
    public async Task Writes_of_different_shapes_in_turn_each_write_their_own_rows()
    {
        // The statement's text is kept per shape of rows (which tables, which columns null): a write without
        // a WeChat delivery between two with one must neither reuse their text nor leave its own behind.
        var place = await api.NewCommunityAsync();
        var members = new[] { await api.NewResidentAsync(place), await api.NewResidentAsync(place), await api.NewResidentAsync(place) };
        var taskId = await api.PublishTaskAsync(place, slots: 3);
        var now = api.Clock.GetUtcNow();
        var written = new List<object[]>();
        for (var i = 0; i < members.Length; i++)
        {
            var (_, _, rows) = await ReadAndClaimAsync(taskId, members[i], now);
            var shaped = i == 1 ? rows[..2] : rows;
            Assert.True(await api.DbAsync(db => ClaimSql.TakeSlotAndInsertAsync(db, taskId, now, shaped, CancellationToken.None)));
            written.Add(shaped);
        }

        await api.DbAsync(async db =>
        {
            Assert.Equal(3, await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync());
            foreach (var rows in written)
            {
                var claim = (Claim)rows[0];
                var notification = (Notification)rows[1];
                Assert.Equal(claim.MemberId, (await db.Claims.AsNoTracking().SingleAsync(c => c.Id == claim.Id)).MemberId);
                Assert.Equal(notification.Body, (await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == notification.Id)).Body);
                Assert.Equal(rows.Length == 3 ? 1 : 0, await db.NotificationDeliveries.CountAsync(d => d.NotificationId == notification.Id));
            }
        });
    }

    [Fact]
    public async Task A_second_live_claim_of_the_same_task_is_refused_by_the_unique_index_and_leaves_the_slot()
    {
        var place = await api.NewCommunityAsync();
        var member = await api.NewResidentAsync(place);
        var taskId = await TaskAsync(place, Change.None);
        var now = api.Clock.GetUtcNow();
        var (_, _, first) = await ReadAndClaimAsync(taskId, member, now);
        var (_, second, rows) = await ReadAndClaimAsync(taskId, member, now);
        Assert.True(await api.DbAsync(db => ClaimSql.TakeSlotAndInsertAsync(db, taskId, now, first, CancellationToken.None)));

        var refused = await Assert.ThrowsAnyAsync<Exception>(() =>
            api.DbAsync(db => ClaimSql.TakeSlotAndInsertAsync(db, taskId, now, rows, CancellationToken.None)));

        Assert.True(DatabaseErrors.IsUniqueViolation(refused), refused.ToString());
        Assert.Equal((1, 1, 0), await api.DbAsync(async db => (
            await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync(),
            await db.Claims.CountAsync(c => c.TaskId == taskId),
            await db.Notifications.CountAsync(n => n.SubjectId == second.Id))));
    }

    private static bool Equal(object? written, object? read) => (written, read) switch
    {
        (DateTimeOffset w, DateTimeOffset r) => Math.Abs((w - r).Ticks) < 10 && r.Offset == TimeSpan.Zero,
        _ => Equals(written, read),
    };

    /// <summary>What the use case does before its write: read the task, let the entity make the claim and its messages.</summary>
    private Task<(ServiceTask Task, Claim Claim, object[] Rows)> ReadAndClaimAsync(Guid taskId, Person member, DateTimeOffset now) =>
        api.DbAsync(async db =>
        {
            var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId);
            var claim = task.Claim(Claimant.ForMember(member.Member), now);
            var notification = Notification.ClaimAccepted(claim, task, now);
            return (task, claim, new object[] { claim, notification, Outbox.DeliveryOf(notification)! });
        });

    private async Task<Guid> TaskAsync(Place place, Change change)
    {
        var id = await api.PublishTaskAsync(place, slots: 2);
        await ChangeAsync(id, change);
        return id;
    }

    private Task ChangeAsync(Guid taskId, Change change)
    {
        var now = api.Clock.GetUtcNow();
        return api.DbAsync(db =>
        {
            var task = db.Tasks.Where(t => t.Id == taskId);
            return change switch
            {
                Change.Full => task.ExecuteUpdateAsync(s => s.SetProperty(t => t.Taken, t => t.Slots)),
                Change.Cancelled => task.ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, ServiceTaskStatus.Cancelled)),
                Change.Closed => task.ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, ServiceTaskStatus.Closed)),
                Change.Ended => task.ExecuteUpdateAsync(s => s.SetProperty(t => t.EndsAt, now)),
                _ => Task.FromResult(0),
            };
        });
    }
}

public sealed class ClaimSqlOnPostgres(PostgresApi api) : ClaimSqlTests(api), IClassFixture<PostgresApi>;

public sealed class ClaimSqlOnSqlite(SqliteApi api) : ClaimSqlTests(api), IClassFixture<SqliteApi>;
