using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Volunteer.Tests.Support;

/// <summary>
/// What EF Core sends to the database while armed: each command's text, each connection opened, and
/// each transaction begun, committed or rolled back and each savepoint. Registered as interceptors on
/// the factory's DbContext (see <see cref="StatementCountingApi"/>); a test arms it around one request.
/// </summary>
public sealed class StatementLog
{
    private volatile bool _armed;
    private readonly ConcurrentQueue<string> _commands = new();
    private int _opened, _begun, _committed, _rolledBack, _savepoints;

    public StatementLog()
    {
        Commands = new CommandHook(this);
        Transactions = new TransactionHook(this);
        Connections = new ConnectionHook(this);
    }

    public IInterceptor Commands { get; }
    public IInterceptor Transactions { get; }
    public IInterceptor Connections { get; }

    public IReadOnlyList<string> Statements => [.. _commands];
    public int ConnectionsOpened => _opened;
    public int TransactionsBegun => _begun;
    public int TransactionsCommitted => _committed;
    public int TransactionsRolledBack => _rolledBack;
    public int Savepoints => _savepoints;

    /// <summary>Forgets what was logged and starts logging.</summary>
    public void Arm()
    {
        _commands.Clear();
        _opened = _begun = _committed = _rolledBack = _savepoints = 0;
        _armed = true;
    }

    public void Disarm() => _armed = false;

    private void Command(DbCommand command)
    {
        if (_armed)
            _commands.Enqueue(command.CommandText);
    }

    private void Count(ref int counter)
    {
        if (_armed)
            Interlocked.Increment(ref counter);
    }

    private sealed class CommandHook(StatementLog log) : DbCommandInterceptor
    {
        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            log.Command(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            log.Command(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            log.Command(command);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            log.Command(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            log.Command(command);
            return result;
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            log.Command(command);
            return ValueTask.FromResult(result);
        }
    }

    private sealed class TransactionHook(StatementLog log) : DbTransactionInterceptor
    {
        public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData,
            DbTransaction result, CancellationToken cancellationToken = default)
        {
            log.Count(ref log._begun);
            return ValueTask.FromResult(result);
        }

        public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
        {
            log.Count(ref log._begun);
            return result;
        }

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            log.Count(ref log._committed);
            return Task.CompletedTask;
        }

        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => log.Count(ref log._committed);

        public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            log.Count(ref log._rolledBack);
            return Task.CompletedTask;
        }

        public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => log.Count(ref log._rolledBack);

        public override ValueTask<InterceptionResult> CreatingSavepointAsync(DbTransaction transaction, TransactionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default)
        {
            log.Count(ref log._savepoints);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult CreatingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
        {
            log.Count(ref log._savepoints);
            return result;
        }
    }

    private sealed class ConnectionHook(StatementLog log) : DbConnectionInterceptor
    {
        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            log.Count(ref log._opened);
            return Task.CompletedTask;
        }

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => log.Count(ref log._opened);
    }
}
