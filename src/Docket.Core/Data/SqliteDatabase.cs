using System.Collections.Concurrent;
using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Docket.Data;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. All writes of this process go through one
/// connection and one writer loop, so writers queue in memory instead of spinning on SQLITE_BUSY;
/// readers use their own connections and never block on the writer. Other processes on the same
/// file (the CLI's key commands, a separate worker) wait on the busy timeout.
/// </summary>
public sealed class SqliteDatabase : IDocketDatabase
{
    private const int MaxIdleReaders = 16;

    private readonly string _connectionString;
    private const int MaxBatch = 64;

    private readonly Channel<WriteItem> _writes = Channel.CreateUnbounded<WriteItem>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _writerLoop;
    private readonly ConcurrentBag<SqliteConnection> _readers = [];
    private SqliteConnection? _writer;

    public SqliteDatabase(string path, bool fullSync = false)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        FullSync = fullSync;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    /// <summary>
    /// NORMAL (the default) survives a process crash; FULL also survives power loss, at the cost
    /// of an fsync per commit.
    /// </summary>
    public bool FullSync { get; }

    public SqlDialect Dialect { get; } = new SqliteDialect();

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await WriteAsync(
            async (connection, transaction) =>
            {
                await connection.ExecuteAsync(transaction, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)", cancellationToken).ConfigureAwait(false);
                var applied = await connection.CountAsync(transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken).ConfigureAwait(false);
                for (var version = (int)applied + 1; version <= Dialect.Migrations.Count; version++)
                {
                    await connection.ExecuteAsync(transaction, Dialect.Migrations[version - 1], cancellationToken).ConfigureAwait(false);
                    await connection.ExecuteAsync(transaction, "INSERT INTO schema_migrations (version, applied_at) VALUES (@v, @at)", cancellationToken, ("@v", version), ("@at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())).ConfigureAwait(false);
                }

                return 0;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = _readers.TryTake(out var pooled) ? pooled : Open();
        var healthy = false;
        try
        {
            var result = await work(connection).ConfigureAwait(false);
            healthy = true;
            return result;
        }
        finally
        {
            if (healthy && _readers.Count < MaxIdleReaders)
            {
                _readers.Add(connection);
            }
            else
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var item = new WriteItem(async (connection, transaction) => await work(connection, transaction).ConfigureAwait(false), cancellationToken);
        EnsureWriter();
        ObjectDisposedException.ThrowIf(!_writes.Writer.TryWrite(item), this);

        // Not abandoned on cancellation: the caller learns whether its write was skipped,
        // rolled back or committed, never "cancelled" for a write that later commits.
        return (T)(await item.Result.Task.ConfigureAwait(false))!;
    }

    /// <summary>The writer loop already commits concurrent writes together: the statements are one more write of it.</summary>
    public Task WriteStatementsAsync(IReadOnlyList<WriteStatement> statements, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                foreach (var statement in statements)
                {
                    await statement.RunAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                }

                return 0;
            },
            cancellationToken);

    private void EnsureWriter()
    {
        if (_writerLoop is null)
        {
            lock (_writes)
            {
                _writerLoop ??= Task.Run(WriteLoopAsync);
            }
        }
    }

    /// <summary>
    /// Group commit: every write waiting when the writer is free runs in one transaction, each in
    /// its own savepoint. A failing write rolls back to its savepoint alone; the others commit
    /// together, and each caller hears of its result only after the commit. Under load this turns
    /// many small transactions into a few, which is what bounds throughput on one SQLite file.
    /// </summary>
    private async Task WriteLoopAsync()
    {
        var batch = new List<WriteItem>(MaxBatch);
        var results = new List<(WriteItem Item, object? Value)>(MaxBatch);
        while (await _writes.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            results.Clear();
            while (batch.Count < MaxBatch && _writes.Reader.TryRead(out var next))
            {
                if (next.CancellationToken.IsCancellationRequested)
                {
                    next.Result.TrySetCanceled(next.CancellationToken);
                }
                else
                {
                    batch.Add(next);
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                _writer ??= Open();

                // BEGIN IMMEDIATE: take the write lock up front, so a transaction never fails half
                // way when another process wrote in between.
                await using var transaction = _writer.BeginTransaction(deferred: false);
                for (var i = 0; i < batch.Count; i++)
                {
                    var item = batch[i];
                    var savepoint = "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await transaction.SaveAsync(savepoint).ConfigureAwait(false);
                    try
                    {
                        results.Add((item, await item.Work(_writer, transaction).ConfigureAwait(false)));
                        await transaction.ReleaseAsync(savepoint).ConfigureAwait(false);
                    }
                    catch (Exception exception)
                    {
                        await transaction.RollbackAsync(savepoint).ConfigureAwait(false);
                        await transaction.ReleaseAsync(savepoint).ConfigureAwait(false);
                        item.Fail(exception);
                    }
                }

                await transaction.CommitAsync().ConfigureAwait(false);
                foreach (var (item, value) in results)
                {
                    item.Result.TrySetResult(value);
                }
            }
            catch (Exception exception)
            {
                // The commit (or the transaction itself) failed: nothing of this batch was kept.
                foreach (var item in batch)
                {
                    item.Fail(exception);
                }

                if (_writer is not null)
                {
                    await _writer.DisposeAsync().ConfigureAwait(false);
                    _writer = null;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        if (_writerLoop is not null)
        {
            await _writerLoop.ConfigureAwait(false);
        }

        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            _writer = null;
        }

        while (_readers.TryTake(out var reader))
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class WriteItem(Func<DbConnection, DbTransaction, Task<object?>> work, CancellationToken cancellationToken)
    {
        public Func<DbConnection, DbTransaction, Task<object?>> Work { get; } = work;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<object?> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Fail(Exception exception)
        {
            if (exception is OperationCanceledException && CancellationToken.IsCancellationRequested)
            {
                Result.TrySetCanceled(CancellationToken);
            }
            else
            {
                Result.TrySetException(exception);
            }
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = {(FullSync ? "FULL" : "NORMAL")};
            PRAGMA busy_timeout = 30000;
            PRAGMA foreign_keys = ON;
            PRAGMA temp_store = MEMORY;
            """;
        command.ExecuteNonQuery();
        return connection;
    }
}
