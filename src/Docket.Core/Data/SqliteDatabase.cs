using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Docket.Data;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. All writes of this process go through one
/// connection behind a lock, so writers queue in memory instead of spinning on SQLITE_BUSY;
/// readers use their own connections and never block on the writer. Other processes on the same
/// file (the CLI's key commands, a separate worker) wait on the busy timeout.
/// </summary>
public sealed class SqliteDatabase : IDocketDatabase
{
    private const int MaxIdleReaders = 16;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
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
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _writer ??= Open();

            // BEGIN IMMEDIATE: take the write lock up front, so a transaction never fails half way
            // when another process wrote in between.
            await using var transaction = _writer.BeginTransaction(deferred: false);
            try
            {
                // A cancelled or failed step rolls the whole transaction back: a state change
                // is applied entirely or not at all.
                var result = await work(_writer, transaction).ConfigureAwait(false);
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                return result;
            }
            catch
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
        catch (SqliteException) when (_writer is not null && _writer.State != System.Data.ConnectionState.Open)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            _writer = null;
            throw;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
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
        finally
        {
            _writeLock.Release();
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
