using System.Data.Common;
using Npgsql;

namespace Docket.Data;

/// <summary>
/// The shared store: one PostgreSQL database for any number of API nodes and workers. Every
/// write is its own READ COMMITTED transaction on a pooled connection, so writers of all
/// processes run side by side; the queue's claims avoid each other with SKIP LOCKED, and the
/// guarded updates keep the usual invariants under concurrency.
/// </summary>
public sealed class PostgresDatabase : IDocketDatabase
{
    // pg_advisory_lock key of schema migrations: the bytes of "docketmg".
    private const long MigrationLock = 0x646f636b65746d67;
    private const int MaxWriteAttempts = 5;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresWriteBatcher _batcher;

    public PostgresDatabase(DatabaseOptions options)
    {
        var builder = PostgresUrl.Parse(options.Url!);
        builder.MaxPoolSize = options.MaxPoolSize;
        builder.Enlist = false;
        builder.NoResetOnClose = true;

        // The stores run a small set of statements over and over: prepared once per connection,
        // PostgreSQL skips parsing and planning them on every call.
        builder.MaxAutoPrepare = 64;
        builder.AutoPrepareMinUsages = 2;
        if (!options.SynchronousCommit)
        {
            builder.Options = string.Join(' ', new[] { builder.Options, "-c synchronous_commit=off" }.Where(o => !string.IsNullOrEmpty(o)));
        }

        ConnectionString = builder.ConnectionString;
        _dataSource = NpgsqlDataSource.Create(builder);
        _batcher = new PostgresWriteBatcher(_dataSource);
    }

    /// <summary>With the password: for the change listener's own connection.</summary>
    public string ConnectionString { get; }

    public SqlDialect Dialect { get; } = new PostgresDialect();

    public NpgsqlDataSource DataSource => _dataSource;

    /// <summary>
    /// Nodes that start together all migrate: the advisory lock lets one apply the missing steps
    /// while the others wait, then find nothing left to do. Each step commits with its version row.
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(null, "SELECT pg_advisory_lock(@key)", cancellationToken, ("@key", MigrationLock)).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(null, "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)", cancellationToken).ConfigureAwait(false);
            var applied = await connection.CountAsync(null, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken).ConfigureAwait(false);
            for (var version = (int)applied + 1; version <= Dialect.Migrations.Count; version++)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await connection.ExecuteAsync(transaction, Dialect.Migrations[version - 1], cancellationToken).ConfigureAwait(false);
                await connection.ExecuteAsync(transaction, "INSERT INTO schema_migrations (version, applied_at) VALUES (@v, @at)", cancellationToken, ("@v", (long)version), ("@at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // A broken connection has already given the lock up with its session.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await connection.ExecuteAsync(null, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("@key", MigrationLock)).ConfigureAwait(false);
            }
        }
    }

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await work(connection).ConfigureAwait(false);
    }

    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        RetryTransientAsync(
            async () =>
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                var result = await work(connection, transaction).ConfigureAwait(false);

                // Not cancellable: the caller learns whether its write committed, never
                // "cancelled" for a write that then commits.
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                return result;
            },
            cancellationToken);

    /// <summary>
    /// Runs one attempt of a write again after a deadlock or serialization failure: PostgreSQL
    /// rolled the whole transaction back, nothing of it was kept, so running it again is safe.
    /// </summary>
    internal static async Task<T> RetryTransientAsync<T>(Func<Task<T>> attempt, CancellationToken cancellationToken)
    {
        for (var tries = 1; ; tries++)
        {
            try
            {
                return await attempt().ConfigureAwait(false);
            }
            catch (PostgresException exception) when (exception.IsTransient && tries < MaxWriteAttempts && !cancellationToken.IsCancellationRequested)
            {
                // Try again.
            }
        }
    }

    public Task WriteStatementsAsync(IReadOnlyList<WriteStatement> statements, CancellationToken cancellationToken) =>
        _batcher.WriteAsync(statements, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _batcher.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }
}
