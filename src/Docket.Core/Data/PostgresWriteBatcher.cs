using System.Threading.Channels;
using Npgsql;

namespace Docket.Data;

/// <summary>
/// Group commit for PostgreSQL: statement writes that arrive while the lanes are busy are sent
/// together as one <see cref="NpgsqlBatch"/>, which PostgreSQL runs as one implicit transaction
/// in one round trip. Under load a submit, a completion and the next claim cost a share of a round
/// trip and of a commit instead of one or more each. When a merged batch fails, every write in it
/// runs again alone (the failed batch left nothing behind), so each write still fails or commits
/// on its own; a write alone is retried on deadlocks and serialization failures.
/// </summary>
internal sealed class PostgresWriteBatcher : IAsyncDisposable
{
    /// <summary>Batches in flight at once: one being sent while the next one fills.</summary>
    private const int Lanes = 2;
    private const int MaxStatements = 128;

    private readonly NpgsqlDataSource _dataSource;
    private readonly Channel<PendingWrite> _pending = Channel.CreateUnbounded<PendingWrite>();
    private readonly Task[] _lanes;

    public PostgresWriteBatcher(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
        _lanes = [.. Enumerable.Range(0, Lanes).Select(_ => Task.Run(LaneAsync))];
    }

    public Task WriteAsync(IReadOnlyList<WriteStatement> statements, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (statements.Count == 0)
        {
            return Task.CompletedTask;
        }

        var write = new PendingWrite(statements, cancellationToken);
        ObjectDisposedException.ThrowIf(!_pending.Writer.TryWrite(write), this);

        // Not abandoned on cancellation once taken into a batch: the caller learns whether its
        // write committed, never "cancelled" for a write that then commits.
        return write.Done.Task;
    }

    private async Task LaneAsync()
    {
        var batch = new List<PendingWrite>();
        while (await _pending.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            var statements = 0;
            while (statements < MaxStatements && _pending.Reader.TryRead(out var write))
            {
                if (write.CancellationToken.IsCancellationRequested)
                {
                    write.Done.TrySetCanceled(write.CancellationToken);
                    continue;
                }

                batch.Add(write);
                statements += write.Statements.Count;
            }

            if (batch.Count > 0)
            {
                await RunAsync(batch).ConfigureAwait(false);
            }
        }
    }

    private async Task RunAsync(List<PendingWrite> batch)
    {
        try
        {
            await (batch.Count == 1 ? ExecuteAloneAsync(batch[0]) : ExecuteOnceAsync(batch)).ConfigureAwait(false);
            foreach (var write in batch)
            {
                write.Done.TrySetResult();
            }
        }
        catch (PostgresException) when (batch.Count > 1)
        {
            // One write of the batch failed (a constraint, a deadlock): PostgreSQL rolled all of
            // them back, so each runs again alone and meets its own fate.
            foreach (var write in batch)
            {
                try
                {
                    await ExecuteAloneAsync(write).ConfigureAwait(false);
                    write.Done.TrySetResult();
                }
                catch (Exception exception)
                {
                    write.Done.TrySetException(exception);
                }
            }
        }
        catch (Exception exception)
        {
            foreach (var write in batch)
            {
                write.Done.TrySetException(exception);
            }
        }
    }

    /// <summary>A write on its own is retried on deadlocks and serialization failures, like any other write.</summary>
    private Task<bool> ExecuteAloneAsync(PendingWrite write) =>
        PostgresDatabase.RetryTransientAsync(
            async () =>
            {
                await ExecuteOnceAsync([write]).ConfigureAwait(false);
                return true;
            },
            write.CancellationToken);

    private async Task ExecuteOnceAsync(List<PendingWrite> batch)
    {
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlBatch(connection);
        foreach (var write in batch)
        {
            foreach (var statement in write.Statements)
            {
                statement.Reset();
                command.BatchCommands.Add(PostgresPositional.Command(statement.Sql, statement.Parameters));
            }
        }

        // No explicit transaction: PostgreSQL runs everything up to the batch's one Sync message
        // as one implicit transaction, committed when the last statement has run.
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        var first = true;
        foreach (var write in batch)
        {
            foreach (var statement in write.Statements)
            {
                if (!first && !await reader.NextResultAsync().ConfigureAwait(false))
                {
                    throw new InvalidOperationException($"A batched write statement returned no result set; end it in RETURNING: {statement.Sql}");
                }

                first = false;
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    statement.ReadRow(reader);
                }
            }
        }

        while (await reader.NextResultAsync().ConfigureAwait(false))
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await Task.WhenAll(_lanes).ConfigureAwait(false);
    }

    private sealed class PendingWrite(IReadOnlyList<WriteStatement> statements, CancellationToken cancellationToken)
    {
        public IReadOnlyList<WriteStatement> Statements { get; } = statements;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
