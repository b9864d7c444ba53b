using System.Data.Common;

namespace Docket.Data;

/// <summary>
/// The metadata and queue store seam: SQLite on one machine, PostgreSQL for many. Stores write SQL
/// that both accept; the few statements that differ come from <see cref="Dialect"/>.
/// </summary>
public interface IDocketDatabase : IAsyncDisposable
{
    SqlDialect Dialect { get; }

    /// <summary>Applies the forward-only migrations that have not run yet; safe to call from several processes at once.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one write transaction and commits it.</summary>
    Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="statements"/> in order as one atomic write. Unlike
    /// <see cref="WriteAsync{T}"/> the work is known up front, so a store may send the statements
    /// of concurrent writes to the database together, in one round trip and transaction; a write
    /// that fails there is run again alone, so it still fails or commits on its own.
    /// </summary>
    Task WriteStatementsAsync(IReadOnlyList<WriteStatement> statements, CancellationToken cancellationToken);
}
