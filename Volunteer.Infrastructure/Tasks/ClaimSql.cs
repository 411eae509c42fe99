using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Volunteer.Domain.Communities;
using Volunteer.Domain.Members;
using Volunteer.Domain.Tasks;
using Volunteer.Infrastructure.Common;
using Volunteer.Infrastructure.Persistence;

namespace Volunteer.Infrastructure.Tasks;

/// <summary>
/// A claim's write in SQL: the conditional slot update and the new rows (the claim, its notification and
/// WeChat delivery), so that on PostgreSQL they are one statement, one round trip and one transaction of
/// their own. Everything else in the feature goes through LINQ.
/// </summary>
/// <remarks>
/// <para>PostgreSQL: <c>WITH slot AS (UPDATE "Tasks" … WHERE &lt;slot free&gt; RETURNING 1), … INSERT … SELECT … FROM slot</c>.
/// Every insert takes its row from <c>slot</c>, so nothing is written unless the slot was taken; the
/// statement is atomic, so a row the unique index <c>UX_Claims_Task_Member</c> / <c>UX_Claims_Task_Partner</c>
/// refuses undoes the slot too. SQLite (in process, no round trips) cannot modify data in a <c>WITH</c>:
/// there it is the same update, then the inserts, in one transaction.</para>
/// <para>The rows' columns, their order and the values' conversions (enums as text; on SQLite instants as
/// UTC ticks) come from the EF Core model, as <c>SaveChanges</c> would write them; a column whose value
/// is null is left out (the model gives these tables no column defaults). Nothing is tracked, so the
/// write skips EF Core's change tracking and update pipeline.</para>
/// <para><see cref="SlotFree"/> is <see cref="ServiceTask.SlotFree"/> in SQL: <c>ClaimSqlTests</c>
/// checks on both providers that it selects the same tasks as EF Core's translation of the entity's
/// condition, and that a slot gone between the read and the write is not taken.</para>
/// </remarks>
internal static class ClaimSql
{
    /// <summary><see cref="ServiceTask.SlotFree"/> over the columns of <c>"Tasks"</c>, the instant being parameter <c>{1}</c>.</summary>
    internal const string SlotFree =
        $"""
        "Status" = '{nameof(ServiceTaskStatus.Published)}' AND "Taken" < "Slots" AND "EndsAt" > {"{1}"}
        """;

    /// <summary>
    /// The rules of <see cref="ServiceTask.Claim"/> on who may claim, for the member of the row <c>m</c> (<see cref="MemberOf"/>)
    /// and the task <c>"Tasks"</c>: not the requester of their own need (<see cref="ServiceTask.EnsureClaimableBy"/>), and a
    /// 党员先锋岗 only for a confirmed party member (ditto). The street (<c>ClaimTask</c>'s access check: another street's
    /// task is not there, 404) is <see cref="MemberOf"/>'s: it has no row for a member whose home community lies in another
    /// street than the task's. With <see cref="SlotFree"/> these are everything <c>ClaimTask</c> checks before a resident's
    /// write; <c>ClaimSqlTests</c> checks that they pick the same task and member pairs as the entity and the access check.
    /// </summary>
    internal const string ClaimableByMember =
        $"""
        ("Tasks"."RequesterId" IS NULL OR "Tasks"."RequesterId" <> m."MemberId")
        AND (NOT "Tasks"."PartyMembersOnly" OR m."PartyStatus" = '{nameof(PartyStatus.Confirmed)}')
        """;

    /// <summary>
    /// The member <c>m</c> of <see cref="ClaimableByMember"/>, parameter <c>{2}</c>, if their home community lies in the
    /// street <c>{5}</c> (the task's; no row for a member of another street or without a home community): their id, party
    /// status and what the claim's answer shows of them (name, phone).
    /// </summary>
    /// <remarks>
    /// The task's street comes as a parameter, not from a join through the task's community: a community's street is set
    /// when it is made and never changes (<c>Community.StreetId</c>), nor does a task's community, so the street the use
    /// case read with the task once holds for every later claim. On PostgreSQL the member's street as one look-up by key
    /// rather than a join of the communities, and the task's street as a value rather than a correlated look-up, cost
    /// the server 0.04–0.11 ms less per claim under pgbench; the load bench, where other costs dominate, did not show it
    /// (docs/performance.md, claims tenth pass).
    /// </remarks>
    internal const string MemberOf =
        """
        SELECT x."Id" AS "MemberId", x."PartyStatus", x."Name", x."Phone"
        FROM "Members" AS x
        WHERE x."Id" = {2} AND (SELECT h."StreetId" FROM "Communities" AS h WHERE h."Id" = x."CommunityId") = {5}
        """;

    /// <summary>Whether a resident's claim can be decided in one statement (<see cref="ClaimAsMemberAsync"/>): on PostgreSQL.</summary>
    public static bool DecidesInOneStatement(DbContext db) => Tables.For(db).Npgsql;

    /// <summary>
    /// A resident's whole claim in one statement (PostgreSQL only): takes one slot of the task of <paramref name="terms"/>
    /// for <paramref name="memberId"/> where the member's home community lies in <paramref name="taskStreetId"/> (the street
    /// of the task's community), <see cref="SlotFree"/> and <see cref="ClaimableByMember"/> hold at
    /// <paramref name="now"/> and the task's title and start are still those of <paramref name="terms"/>, and writes
    /// <paramref name="rows"/> with it. Returns what the answer shows of the member, or null and nothing written when a
    /// condition failed (the caller then reads the task and lets the entity explain). A unique index refusing a row
    /// throws the provider's error and leaves the slot as it was.
    /// </summary>
    /// <remarks>
    /// <para><c>WITH m AS (&lt;member&gt;), slot AS (UPDATE "Tasks" … FROM m WHERE &lt;slot free&gt; AND &lt;claimable&gt;
    /// AND &lt;terms unchanged&gt; RETURNING m."Name", m."Phone"), r0 AS (INSERT … FROM slot), … SELECT … FROM slot</c>.
    /// The row lock, and PostgreSQL's re-check of the conditions on the locked row's latest version, are those of
    /// <see cref="TakeSlotAndInsertAsync"/>: of many claims of the last slot, one takes it. What the answer shows of the
    /// member (name, phone) comes back from the statement.</para>
    /// </remarks>
    public static async Task<(string Name, string? Phone)?> ClaimAsMemberAsync(VolunteerDbContext db, PublishedTerms terms, Guid taskStreetId,
        Guid memberId, DateTimeOffset now, IReadOnlyList<object> rows, CancellationToken ct)
    {
        var tables = Tables.For(db);
        if (!tables.Npgsql)
            throw new NotSupportedException("A claim in one statement needs PostgreSQL (a data-modifying WITH).");
        var written = new Row[rows.Count];
        for (var i = 0; i < rows.Count; i++)
            written[i] = tables.Of(rows[i]).Read(rows[i]);
        var statement = tables.StatementFor(written, asMember: true);

        await using var scratch = db.Database.GetDbConnection().CreateCommand();
        var parameters = new DbParameter[statement.UpdateParameters + statement.InsertParameters];
        parameters[0] = tables.TaskId.CreateParameter(scratch, Positional, terms.TaskId);
        parameters[1] = tables.TaskEndsAt.CreateParameter(scratch, Positional, now);
        parameters[2] = tables.MemberId.CreateParameter(scratch, Positional, memberId);
        parameters[3] = tables.TaskTitle.CreateParameter(scratch, Positional, terms.Title);
        parameters[4] = tables.TaskStartsAt.CreateParameter(scratch, Positional, terms.StartsAt);
        parameters[5] = tables.StreetId.CreateParameter(scratch, Positional, taskStreetId);
        Fill(parameters, statement.UpdateParameters, written, scratch, positional: true);

        // As ExecuteSqlRaw runs a statement (EF Core's command pipeline: its logging, interceptors, connection
        // handling), but reading the row the statement returns.
        var facade = (IRelationalDatabaseFacadeDependencies)((IDatabaseFacadeDependenciesAccessor)db.Database).Dependencies;
        await using var reader = await tables.Command(db, statement, parameters).ExecuteReaderAsync(new RelationalCommandParameterObject(
            facade.RelationalConnection, null, null, db, facade.CommandLogger, CommandSource.ExecuteSqlRaw), ct);
        if (!await reader.ReadAsync(ct))
            return null;
        var row = reader.DbDataReader;
        return (row.GetString(0), row.IsDBNull(1) ? null : row.GetString(1));
    }

    /// <summary>
    /// Takes one slot of <paramref name="taskId"/> if <see cref="SlotFree"/> still holds at <paramref name="now"/>
    /// and writes <paramref name="rows"/> (new entities, in an order their foreign keys allow) with it; false,
    /// and nothing written, when the slot was gone. A unique index refusing a row throws the provider's error
    /// and leaves the slot as it was.
    /// </summary>
    public static async Task<bool> TakeSlotAndInsertAsync(VolunteerDbContext db, Guid taskId, DateTimeOffset now,
        IReadOnlyList<object> rows, CancellationToken ct)
    {
        var tables = Tables.For(db);
        var npgsql = tables.Npgsql;
        // Each row's values in its table's column order; which of them are null decides the statement's text,
        // which is built once per shape (the same few shapes come again and again) rather than per claim.
        var written = new Row[rows.Count];
        for (var i = 0; i < rows.Count; i++)
            written[i] = tables.Of(rows[i]).Read(rows[i]);
        var statement = tables.StatementFor(written);

        await using var scratch = db.Database.GetDbConnection().CreateCommand();
        var parameters = new DbParameter[statement.UpdateParameters + (npgsql ? statement.InsertParameters : 0)];
        parameters[0] = tables.TaskId.CreateParameter(scratch, npgsql ? Positional : ParameterName(0), taskId);
        parameters[1] = tables.TaskEndsAt.CreateParameter(scratch, npgsql ? Positional : ParameterName(1), now);
        if (npgsql)
        {
            Fill(parameters, 2, written, scratch, positional: true);
            // The last row is the main statement, so the rows affected say whether the slot was taken.
            var facade = (IRelationalDatabaseFacadeDependencies)((IDatabaseFacadeDependenciesAccessor)db.Database).Dependencies;
            return await tables.Command(db, statement, parameters).ExecuteNonQueryAsync(new RelationalCommandParameterObject(
                facade.RelationalConnection, null, null, db, facade.CommandLogger, CommandSource.ExecuteSqlRaw), ct) == 1;
        }

        return await db.InTransactionAsync(async () =>
        {
            if (await db.Database.ExecuteSqlRawAsync(statement.Update, parameters, ct) != 1)
                return false;
            var inserts = new DbParameter[statement.InsertParameters];
            Fill(inserts, 0, written, scratch);
            await db.Database.ExecuteSqlRawAsync(statement.Sql, inserts, ct);
            return true;
        }, ct);
    }

    /// <summary>The parameters of <see cref="ClaimAsMemberAsync"/> before the rows': task, instant, member, title, start, the task's street.</summary>
    private const int MemberParameters = 6;

    /// <summary>The parameters of the rows' non-null values, numbered on from <paramref name="first"/> in the order the statement names them.</summary>
    private static void Fill(DbParameter[] parameters, int first, Row[] rows, DbCommand scratch, bool positional = false)
    {
        var n = first;
        foreach (var row in rows)
            for (var c = 0; c < row.Values.Length; c++)
                if (row.Values[c] is { } value)
                {
                    parameters[n] = row.Table.Mapping(c).CreateParameter(scratch, positional ? Positional : ParameterName(n), value);
                    n++;
                }
    }

    /// <summary>
    /// A parameter without a name: Npgsql then sends the statement's text as it is (<c>$1</c>, <c>$2</c>, … in
    /// <see cref="Statement.PositionalSql"/>) instead of parsing ~40 <c>@p</c> names out of it on every claim.
    /// </summary>
    private const string Positional = "";

    private static readonly string[] ParameterNames = Enumerable.Range(0, 128).Select(i => $"p{i}").ToArray();

    private static string ParameterName(int i) => i < ParameterNames.Length ? ParameterNames[i] : $"p{i}";

    /// <summary>
    /// A parameter of <see cref="Tables.Command"/>: added to the command as it is, in its place. (EF Core's raw parameter
    /// adds a parameter only if the command has none of its name yet, and positional parameters all have the name "".)
    /// </summary>
    private sealed class PositionalParameter(string invariantName, DbParameter parameter) : IRelationalParameter
    {
        public string InvariantName { get; } = invariantName;

        public void AddDbParameter(DbCommand command, IReadOnlyDictionary<string, object?>? parameterValues) =>
            command.Parameters.Add(parameter);

        public void AddDbParameter(DbCommand command, object? value) => command.Parameters.Add(parameter);
    }

    /// <summary>One row to write: its table, its values in column order, and which of them are null (as bits, for the first 64 columns).</summary>
    private readonly record struct Row(Table Table, object?[] Values, ulong Nulls);

    /// <summary>
    /// A claim's write as text, for one shape of rows: on PostgreSQL <see cref="Sql"/> is the whole statement; on
    /// SQLite <see cref="Update"/> comes first and <see cref="Sql"/> holds the inserts, their parameters numbered from 0.
    /// </summary>
    private sealed record Statement(string Update, string Sql, int UpdateParameters, int InsertParameters)
    {
        /// <summary>PostgreSQL: <see cref="Sql"/> with its placeholders as positional parameters (<c>{0}</c> → <c>$1</c>), made once.</summary>
        public string PositionalSql { get; } = string.Format(System.Globalization.CultureInfo.InvariantCulture, Sql,
            Enumerable.Range(1, UpdateParameters + InsertParameters).Select(i => (object)$"${i}").ToArray());

        /// <summary>The invariant names EF Core's command knows the parameters by (its log, interceptors).</summary>
        public string[] ParameterNames { get; } = Enumerable.Range(0, UpdateParameters + InsertParameters).Select(ParameterName).ToArray();
    }

    /// <summary>The shape of a write: each row's entity type and null columns (up to three rows; more are not cached). The provider is the model's, whose <see cref="Tables"/> keep the statements.</summary>
    private readonly record struct Shape(bool AsMember, Type? T0, ulong N0, Type? T1, ulong N1, Type? T2, ulong N2);

    private static Statement Build(bool npgsql, Row[] rows, bool asMember)
    {
        if (asMember)
        {
            var next = MemberParameters;
            var sql = new System.Text.StringBuilder("WITH m AS (").Append(MemberOf).Append("), slot AS (").Append($"""
                UPDATE "Tasks" SET "Taken" = "Taken" + 1 FROM m
                WHERE "Tasks"."Id" = {"{0}"} AND {SlotFree} AND {ClaimableByMember}
                AND "Tasks"."Title" = {"{3}"} AND "Tasks"."StartsAt" = {"{4}"}
                RETURNING m."Name", m."Phone"
                """).Append(')');
            for (var i = 0; i < rows.Length; i++)
                sql.Append(", r").Append(i).Append(" AS (").Append(rows[i].Table.Insert(rows[i].Values, ref next, "slot")).Append(')');
            sql.Append(" SELECT \"Name\", \"Phone\" FROM slot");
            return new Statement("", sql.ToString(), MemberParameters, next - MemberParameters);
        }

        var update = $"""
            UPDATE "Tasks" SET "Taken" = "Taken" + 1
            WHERE "Id" = {"{0}"} AND {SlotFree}
            """;
        if (npgsql)
        {
            var next = 2;
            var sql = new System.Text.StringBuilder("WITH slot AS (").Append(update).Append(" RETURNING 1)");
            for (var i = 0; i < rows.Length - 1; i++)
                sql.Append(", r").Append(i).Append(" AS (").Append(rows[i].Table.Insert(rows[i].Values, ref next, "slot")).Append(')');
            sql.Append(' ').Append(rows[^1].Table.Insert(rows[^1].Values, ref next, "slot"));
            return new Statement(update, sql.ToString(), 2, next - 2);
        }

        var number = 0;
        var inserts = new List<string>(rows.Length);
        foreach (var row in rows)
            inserts.Add(row.Table.Insert(row.Values, ref number, from: null));
        return new Statement(update, string.Join(";\n", inserts), 2, number);
    }

    /// <summary>The tables of one EF Core model (each provider has its own), as the claim writes them.</summary>
    private sealed class Tables
    {
        private static readonly ConditionalWeakTable<IModel, Tables> ByModel = new();
        private readonly IModel _model;
        private readonly ConcurrentDictionary<Type, Table> _byType = new();
        private readonly ConcurrentDictionary<Shape, Statement> _statements = new();

        private Tables(IModel model, bool npgsql)
        {
            _model = model;
            Npgsql = npgsql;
            var task = model.FindEntityType(typeof(ServiceTask))!;
            TaskId = task.FindProperty(nameof(ServiceTask.Id))!.GetRelationalTypeMapping();
            TaskEndsAt = task.FindProperty(nameof(ServiceTask.EndsAt))!.GetRelationalTypeMapping();
            TaskTitle = task.FindProperty(nameof(ServiceTask.Title))!.GetRelationalTypeMapping();
            TaskStartsAt = task.FindProperty(nameof(ServiceTask.StartsAt))!.GetRelationalTypeMapping();
            MemberId = model.FindEntityType(typeof(Member))!.FindProperty(nameof(Member.Id))!.GetRelationalTypeMapping();
            StreetId = model.FindEntityType(typeof(Community))!.FindProperty(nameof(Community.StreetId))!.GetRelationalTypeMapping();
        }

        /// <summary>Whether the model is PostgreSQL's (each provider has its own model), asked once rather than per claim.</summary>
        public bool Npgsql { get; }

        public RelationalTypeMapping TaskId { get; }
        public RelationalTypeMapping TaskEndsAt { get; }
        public RelationalTypeMapping TaskTitle { get; }
        public RelationalTypeMapping TaskStartsAt { get; }
        public RelationalTypeMapping MemberId { get; }
        public RelationalTypeMapping StreetId { get; }

        public static Tables For(DbContext db)
        {
            var model = db.Model;
            return ByModel.TryGetValue(model, out var tables) ? tables : Add(model, db.Database.IsNpgsql());
        }

        // Apart from For, so that the lambda's closure is made only on a model's first write.
        private static Tables Add(IModel model, bool npgsql) => ByModel.GetValue(model, m => new Tables(m, npgsql));

        public Table Of(object row) => _byType.TryGetValue(row.GetType(), out var table)
            ? table
            : _byType.GetOrAdd(row.GetType(), static (type, model) => new Table(model.FindEntityType(type)
                ?? throw new InvalidOperationException($"{type.Name} is not an entity of the model.")), _model);

        private RelationalCommandBuilderDependencies? _commands;

        /// <summary>
        /// The PostgreSQL statement as EF Core's command (run through its pipeline: logging, interceptors, the
        /// request's connection) with its text made once per shape, rather than formatted from <c>{0}</c>
        /// placeholders on every claim as <c>ExecuteSqlRaw</c> does. Made as the command builder would make it, but
        /// over the kept text: the builder copies ~2 KB of it into a string builder and out again for every claim.
        /// </summary>
        public IRelationalCommand Command(DbContext db, Statement statement, DbParameter[] parameters)
        {
            var positional = new IRelationalParameter[parameters.Length];
            for (var i = 0; i < parameters.Length; i++)
                positional[i] = new PositionalParameter(statement.ParameterNames[i], parameters[i]);
            return new RelationalCommand(_commands ??= db.GetService<RelationalCommandBuilderDependencies>(),
                statement.PositionalSql, statement.PositionalSql, positional);
        }

        /// <summary>The statement for rows of this shape, built the first time the shape is seen.</summary>
        public Statement StatementFor(Row[] rows, bool asMember = false)
        {
            if (rows.Length > 3)
                return Build(Npgsql, rows, asMember);
            foreach (var row in rows)
                if (row.Values.Length > 64)
                    return Build(Npgsql, rows, asMember);
            Row? At(int i) => i < rows.Length ? rows[i] : null;
            var shape = new Shape(asMember, At(0)?.Table.Type, At(0)?.Nulls ?? 0, At(1)?.Table.Type, At(1)?.Nulls ?? 0,
                At(2)?.Table.Type, At(2)?.Nulls ?? 0);
            return _statements.TryGetValue(shape, out var statement)
                ? statement
                : _statements.GetOrAdd(shape, static (s, a) => Build(a.npgsql, a.rows, s.AsMember), (npgsql: Npgsql, rows));
        }
    }

    /// <summary>One table's columns, in the model's order, with how each value is read and converted.</summary>
    private sealed class Table
    {
        private readonly string _name;
        private readonly (string Column, IClrPropertyGetter Getter, RelationalTypeMapping Mapping)[] _columns;

        public Table(IEntityType entity)
        {
            Type = entity.ClrType;
            _name = entity.GetTableName()!;
            var table = StoreObjectIdentifier.Table(_name, entity.GetSchema());
            _columns = entity.GetProperties().Select(p =>
            {
                // A column left out must mean NULL, as SaveChanges would have written it.
                if (p.GetDefaultValueSql() is not null || p.GetComputedColumnSql() is not null || p.TryGetDefaultValue(out _))
                    throw new InvalidOperationException($"{_name}.{p.Name} has a default or computed value; write it with SaveChanges.");
                return (p.GetColumnName(table)!, p.GetGetter(), p.GetRelationalTypeMapping());
            }).ToArray();
        }

        public Type Type { get; }

        public RelationalTypeMapping Mapping(int column) => _columns[column].Mapping;

        /// <summary>The row's values in column order, and which are null.</summary>
        public Row Read(object row)
        {
            var values = new object?[_columns.Length];
            var nulls = 0UL;
            for (var c = 0; c < _columns.Length; c++)
            {
                values[c] = _columns[c].Getter.GetClrValue(row);
                if (values[c] is null && c < 64)
                    nulls |= 1UL << c;
            }
            return new Row(this, values, nulls);
        }

        /// <summary>
        /// <c>INSERT INTO … SELECT … FROM <paramref name="from"/></c>, or <c>VALUES</c> without a source, of the
        /// non-null <paramref name="values"/>; their placeholders are numbered on from <paramref name="next"/>.
        /// </summary>
        public string Insert(object?[] values, ref int next, string? from)
        {
            var columns = new List<string>(_columns.Length);
            var placeholders = new List<string>(_columns.Length);
            for (var c = 0; c < _columns.Length; c++)
            {
                if (values[c] is null)
                    continue;
                columns.Add($"\"{_columns[c].Column}\"");
                placeholders.Add($"{{{next++}}}");
            }
            var into = $"INSERT INTO \"{_name}\" ({string.Join(", ", columns)}) ";
            return from is null
                ? into + $"VALUES ({string.Join(", ", placeholders)})"
                : into + $"SELECT {string.Join(", ", placeholders)} FROM {from}";
        }
    }
}
