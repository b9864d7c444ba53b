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
}
