using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Needs;
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
    internal enum Change { None, Full, Cancelled, Closed, Ended }

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

    [Fact]
    public async Task The_member_rules_in_SQL_pick_the_same_task_and_member_pairs_as_the_entity_and_the_street_check()
    {
        // ClaimSql.ClaimableByMember (with SlotFree) against ServiceTask.Claim and ClaimTask's street check, over every
        // pair of these members and tasks: one rule at a time, and where rules meet (a party member's own party post).
        var place = await api.NewCommunityAsync();
        var neighbour = await api.NewCommunityAsync(place.StreetId);
        var elsewhere = await api.NewCommunityAsync();
        var plain = await api.NewResidentAsync(place);
        var confirmed = await api.NewResidentAsync(neighbour, partyMember: true);
        var requester = await api.NewResidentAsync(place, partyMember: true);
        var stranger = await api.NewResidentAsync(elsewhere, partyMember: true);
        var homeless = await api.NewResidentAsync(null);
        var pending = await api.NewResidentAsync(place);
        await api.DbAsync(async db =>
        {
            (await db.Members.SingleAsync(m => m.Id == pending.Id)).DeclarePartyMembership("第二党支部", null, inService: false);
            await db.SaveChangesAsync();
        });
        var members = new[] { plain, confirmed, requester, stranger, homeless, pending }.Select(m => m.Id).ToList();
        var tasks = new List<Guid>
        {
            await api.PublishTaskAsync(place),
            await api.PublishTaskAsync(place, partyMembersOnly: true),
            await api.PublishTaskAsync(elsewhere),
            await api.PublishTaskAsync(elsewhere, partyMembersOnly: true),
            await NeedOfAsync(place, requester, partyMembersOnly: false),
            await NeedOfAsync(place, requester, partyMembersOnly: true),
            await TaskAsync(place, Change.Full),
            await TaskAsync(place, Change.Cancelled),
        };
        var now = api.Clock.GetUtcNow();

        var (byEntity, bySql) = await api.DbAsync(async db =>
        {
            var streets = await db.Communities.ToDictionaryAsync(c => c.Id, c => c.StreetId);
            var entity = new List<(Guid, Guid)>();
            var sql = new List<(Guid, Guid)>();
            foreach (var memberId in members)
            {
                var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == memberId);
                foreach (var taskId in tasks)
                {
                    var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId);
                    var sameStreet = member.CommunityId is { } home && streets[home] == streets[task.CommunityId];
                    if (sameStreet && Claims(task, member, now))
                        entity.Add((taskId, memberId));
                    // The statement's member row, given the task's street as the use case gives it ({5} there, {3} here).
                    await using var command = db.Database.GetDbConnection().CreateCommand();
#pragma warning disable EF1002 // the text interpolated is the product's own SQL (ClaimSql's constants); the values are parameters
                    var picked = await db.Database.SqlQueryRaw<Guid>(
                        $$"""SELECT "Tasks"."Id" AS "Value" FROM "Tasks", ({{ClaimSql.MemberOf.Replace("{5}", "{3}")}}) AS m WHERE "Tasks"."Id" = {0} AND {{ClaimSql.SlotFree}} AND {{ClaimSql.ClaimableByMember}}""",
                        Parameter<ServiceTask>(db, command, nameof(ServiceTask.Id), 0, taskId),
                        Parameter<ServiceTask>(db, command, nameof(ServiceTask.EndsAt), 1, now),
                        Parameter<Member>(db, command, nameof(Member.Id), 2, memberId),
                        Parameter<Community>(db, command, nameof(Community.StreetId), 3, streets[task.CommunityId])).ToListAsync();
#pragma warning restore EF1002
                    sql.AddRange(picked.Select(t => (t, memberId)));
                }
            }
            return (entity, sql);
        });

        // The pairs the entity lets through: the plain task by everyone of the street with a home, the party post by its
        // confirmed members, the requester's need by others only.
        Assert.Equal(12, byEntity.Count);
        Assert.Contains((tasks[5], confirmed.Id), byEntity);
        Assert.DoesNotContain((tasks[5], requester.Id), byEntity);
        Assert.DoesNotContain((tasks[1], pending.Id), byEntity);
        Assert.Equal(byEntity.OrderBy(p => p).ToList(), bySql.OrderBy(p => p).ToList());
    }

    private static bool Claims(ServiceTask task, Member member, DateTimeOffset now)
    {
        try
        {
            task.Claim(Claimant.ForMember(member), now);
            return true;
        }
        catch (Volunteer.Domain.Common.DomainException)
        {
            return false;
        }
    }

    /// <summary>A parameter as the product's SQL makes it: by the model's mapping of the column it is compared with.</summary>
    internal static DbParameter Parameter<TEntity>(VolunteerDbContext db, DbCommand command, string property, int index, object value) =>
        db.Model.FindEntityType(typeof(TEntity))!.FindProperty(property)!.GetRelationalTypeMapping().CreateParameter(command, $"p{index}", value);

    /// <summary>A task approved from <paramref name="requester"/>'s need (so the requester may not claim it).</summary>
    internal static Task<Guid> NeedOfAsync(ApiFactory api, Place place, Person requester, bool partyMembersOnly) =>
        api.DbAsync(async db =>
        {
            var now = api.Clock.GetUtcNow();
            var member = await db.Members.SingleAsync(m => m.Id == requester.Id);
            var need = Need.Post(member, new NeedDetails("陪同就医", "需要人陪同去医院", TaskCategory.ElderlyCare, null, null, null), null, now);
            var task = need.Approve(new TaskTerms("陪同就医", null, TaskCategory.ElderlyCare, 3, 10, now.AddMinutes(-10), now.AddHours(3),
                "东门大街 3 号", partyMembersOnly, null), place.Staff.Id, now);
            db.AddRange(need, task);
            await db.SaveChangesAsync();
            return task.Id;
        });

    private Task<Guid> NeedOfAsync(Place place, Person requester, bool partyMembersOnly) => NeedOfAsync(api, place, requester, partyMembersOnly);

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

/// <summary>
/// A resident's claim in one statement (<see cref="ClaimSql.ClaimAsMemberAsync"/>, PostgreSQL only): made from the task's
/// published terms, it takes the slot and writes the rows only where the entity would have claimed, and otherwise
/// writes nothing and says so, so that the use case's read can explain the refusal.
/// </summary>
public sealed class ClaimInOneStatementOnPostgres(PostgresApi api) : IClassFixture<PostgresApi>
{
    public enum Refusal { Full, Cancelled, Closed, Ended, OwnNeed, PartyMembersOnly, OtherStreet, NoHome, TitleChanged, StartChanged }

    [Fact]
    public async Task A_claim_the_entity_allows_takes_the_slot_writes_the_rows_and_returns_the_member_as_shown()
    {
        var place = await api.NewCommunityAsync();
        var member = await api.NewResidentAsync(place, name: "钱晓燕", phone: "13900001111");
        var taskId = await api.PublishTaskAsync(place, slots: 2);
        var now = api.Clock.GetUtcNow();
        var (terms, rows) = await AskAsync(taskId, member, now);

        var shown = await ClaimAsync(terms, member, now, rows);

        Assert.Equal(("钱晓燕", "13900001111"), shown);
        var claim = (Claim)rows[0];
        var notification = (Notification)rows[1];
        await api.DbAsync(async db =>
        {
            Assert.Equal(1, await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync());
            var stored = await db.Claims.AsNoTracking().SingleAsync(c => c.Id == claim.Id);
            Assert.Equal((taskId, member.Id, ClaimStatus.Accepted), (stored.TaskId, stored.MemberId, stored.Status));
            var message = await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == notification.Id);
            Assert.Equal((NotificationKind.ClaimAccepted, member.Id, notification.Body), (message.Kind, message.RecipientId, message.Body));
            Assert.Equal(1, await db.NotificationDeliveries.CountAsync(d => d.NotificationId == notification.Id));
        });
    }

    [Theory]
    [InlineData(Refusal.Full)]
    [InlineData(Refusal.Cancelled)]
    [InlineData(Refusal.Closed)]
    [InlineData(Refusal.Ended)]
    [InlineData(Refusal.OwnNeed)]
    [InlineData(Refusal.PartyMembersOnly)]
    [InlineData(Refusal.OtherStreet)]
    [InlineData(Refusal.NoHome)]
    [InlineData(Refusal.TitleChanged)]
    [InlineData(Refusal.StartChanged)]
    public async Task A_claim_the_entity_refuses_or_of_terms_out_of_date_takes_nothing_and_writes_nothing(Refusal refusal)
    {
        var place = await api.NewCommunityAsync();
        var elsewhere = await api.NewCommunityAsync();
        var member = await api.NewResidentAsync(refusal switch { Refusal.OtherStreet => elsewhere, Refusal.NoHome => null, _ => place });
        var taskId = refusal switch
        {
            Refusal.OwnNeed => await ClaimSqlTests.NeedOfAsync(api, place, member, partyMembersOnly: false),
            Refusal.PartyMembersOnly => await api.PublishTaskAsync(place, slots: 2, partyMembersOnly: true),
            _ => await api.PublishTaskAsync(place, slots: 2),
        };
        var now = api.Clock.GetUtcNow();
        // The terms as an instance read them before the change (what PublishedTermsCache holds).
        var (terms, rows) = await AskAsync(taskId, member, now);
        await api.DbAsync(db =>
        {
            var task = db.Tasks.Where(t => t.Id == taskId);
            return refusal switch
            {
                Refusal.Full => task.ExecuteUpdateAsync(s => s.SetProperty(t => t.Taken, t => t.Slots)),
                Refusal.Cancelled => task.ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, ServiceTaskStatus.Cancelled)),
                Refusal.Closed => task.ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, ServiceTaskStatus.Closed)),
                Refusal.Ended => task.ExecuteUpdateAsync(s => s.SetProperty(t => t.EndsAt, now)),
                // No use case edits a published task today; were one added, the statement still quotes no old title or start.
                Refusal.TitleChanged => task.ExecuteUpdateAsync(s => s.SetProperty(t => t.Title, "环境整治（改期）")),
                Refusal.StartChanged => task.ExecuteUpdateAsync(s => s.SetProperty(t => t.StartsAt, t => t.StartsAt.AddHours(1))),
                _ => Task.FromResult(0),
            };
        });
        var takenBefore = await api.DbAsync(db => db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync());

        Assert.Null(await ClaimAsync(terms, member, now, rows));

        var claim = (Claim)rows[0];
        Assert.Equal((takenBefore, 0, 0), await api.DbAsync(async db => (
            await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync(),
            await db.Claims.CountAsync(c => c.TaskId == taskId),
            await db.Notifications.CountAsync(n => n.SubjectId == claim.Id))));
    }

    [Fact]
    public async Task A_second_live_claim_is_refused_by_the_unique_index_and_leaves_the_slot()
    {
        var place = await api.NewCommunityAsync();
        var member = await api.NewResidentAsync(place);
        var taskId = await api.PublishTaskAsync(place, slots: 3);
        var now = api.Clock.GetUtcNow();
        var (terms, first) = await AskAsync(taskId, member, now);
        var (_, second) = await AskAsync(taskId, member, now);
        Assert.NotNull(await ClaimAsync(terms, member, now, first));

        var refused = await Assert.ThrowsAnyAsync<Exception>(() =>
            ClaimAsync(terms, member, now, second));

        Assert.True(DatabaseErrors.IsUniqueViolation(refused), refused.ToString());
        Assert.Equal((1, 1), await api.DbAsync(async db => (
            await db.Tasks.Where(t => t.Id == taskId).Select(t => t.Taken).SingleAsync(),
            await db.Claims.CountAsync(c => c.TaskId == taskId))));
    }

    /// <summary>What the use case makes before its one statement: the claim and its messages, from the published terms alone.</summary>
    private Task<(KnownTask Task, object[] Rows)> AskAsync(Guid taskId, Person member, DateTimeOffset now) =>
        api.DbAsync(async db =>
        {
            var task = await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == taskId);
            var street = await db.Communities.Where(c => c.Id == task.CommunityId).Select(c => c.StreetId).SingleAsync();
            var claim = Claim.AskedBy(member.Id, task.Terms, now);
            var notification = Notification.ClaimAccepted(claim, task.Terms, now);
            return (new KnownTask(task.Terms, street), new object[] { claim, notification, Outbox.DeliveryOf(notification)! });
        });

    private Task<(string Name, string? Phone)?> ClaimAsync(KnownTask task, Person member, DateTimeOffset now, object[] rows) =>
        api.DbAsync(db => ClaimSql.ClaimAsMemberAsync(db, task.Terms, task.StreetId, member.Id, now, rows, CancellationToken.None));
}
