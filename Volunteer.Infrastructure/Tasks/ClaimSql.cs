using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
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
    /// Takes one slot of <paramref name="taskId"/> if <see cref="SlotFree"/> still holds at <paramref name="now"/>
    /// and writes <paramref name="rows"/> (new entities, in an order their foreign keys allow) with it; false,
    /// and nothing written, when the slot was gone. A unique index refusing a row throws the provider's error
    /// and leaves the slot as it was.
    /// </summary>
    public static async Task<bool> TakeSlotAndInsertAsync(VolunteerDbContext db, Guid taskId, DateTimeOffset now,
        IReadOnlyList<object> rows, CancellationToken ct)
    {
        var tables = Tables.For(db);
        await using var scratch = db.Database.GetDbConnection().CreateCommand();
        var parameters = new List<DbParameter>(40)
        {
            tables.TaskId.CreateParameter(scratch, "p0", taskId),
            tables.TaskEndsAt.CreateParameter(scratch, "p1", now),
        };
        var update = $"""
            UPDATE "Tasks" SET "Taken" = "Taken" + 1
            WHERE "Id" = {"{0}"} AND {SlotFree}
            """;

        if (db.Database.IsNpgsql())
        {
            // The last row is the main statement, so the rows affected say whether the slot was taken.
            var sql = new System.Text.StringBuilder("WITH slot AS (").Append(update).Append(" RETURNING 1)");
            for (var i = 0; i < rows.Count - 1; i++)
                sql.Append(", r").Append(i).Append(" AS (").Append(tables.Of(rows[i]).Insert(rows[i], scratch, parameters, "slot")).Append(')');
            sql.Append(' ').Append(tables.Of(rows[^1]).Insert(rows[^1], scratch, parameters, "slot"));
            return await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct) == 1;
        }

        return await db.InTransactionAsync(async () =>
        {
            if (await db.Database.ExecuteSqlRawAsync(update, parameters, ct) != 1)
                return false;
            var inserts = new List<DbParameter>(40);
            var sql = string.Join(";\n", rows.Select(row => tables.Of(row).Insert(row, scratch, inserts, from: null)));
            await db.Database.ExecuteSqlRawAsync(sql, inserts, ct);
            return true;
        }, ct);
    }

    /// <summary>The tables of one EF Core model (each provider has its own), as the claim writes them.</summary>
    private sealed class Tables
    {
        private static readonly ConditionalWeakTable<IModel, Tables> ByModel = new();
        private readonly IModel _model;
        private readonly ConcurrentDictionary<Type, Table> _byType = new();

        private Tables(IModel model)
        {
            _model = model;
            var task = model.FindEntityType(typeof(ServiceTask))!;
            TaskId = task.FindProperty(nameof(ServiceTask.Id))!.GetRelationalTypeMapping();
            TaskEndsAt = task.FindProperty(nameof(ServiceTask.EndsAt))!.GetRelationalTypeMapping();
        }

        public RelationalTypeMapping TaskId { get; }
        public RelationalTypeMapping TaskEndsAt { get; }

        public static Tables For(DbContext db)
        {
            var model = db.Model;
            return ByModel.TryGetValue(model, out var tables) ? tables : ByModel.GetValue(model, m => new Tables(m));
        }

        public Table Of(object row) => _byType.GetOrAdd(row.GetType(), type => new Table(_model.FindEntityType(type)
            ?? throw new InvalidOperationException($"{type.Name} is not an entity of the model.")));
    }

    /// <summary>One table's columns, in the model's order, with how each value is read and converted.</summary>
    private sealed class Table
    {
        private readonly string _name;
        private readonly (string Column, IClrPropertyGetter Getter, RelationalTypeMapping Mapping)[] _columns;

        public Table(IEntityType entity)
        {
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

        /// <summary><c>INSERT INTO … SELECT … FROM <paramref name="from"/></c>, or <c>VALUES</c> without a source; adds the parameters.</summary>
        public string Insert(object row, DbCommand scratch, List<DbParameter> parameters, string? from)
        {
            var columns = new List<string>(_columns.Length);
            var values = new List<string>(_columns.Length);
            foreach (var (column, getter, mapping) in _columns)
            {
                var value = getter.GetClrValue(row);
                if (value is null)
                    continue;
                columns.Add($"\"{column}\"");
                values.Add($"{{{parameters.Count}}}");
                parameters.Add(mapping.CreateParameter(scratch, $"p{parameters.Count}", value));
            }
            var into = $"INSERT INTO \"{_name}\" ({string.Join(", ", columns)}) ";
            return from is null
                ? into + $"VALUES ({string.Join(", ", values)})"
                : into + $"SELECT {string.Join(", ", values)} FROM {from}";
        }
    }
}
