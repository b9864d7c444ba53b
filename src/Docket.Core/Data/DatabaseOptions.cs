namespace Docket.Data;

/// <summary>Where metadata and the queue live (section <c>Docket:Database</c>).</summary>
public sealed class DatabaseOptions
{
    /// <summary>
    /// Empty for the embedded SQLite file in the data directory, or
    /// <c>postgres://user:password@host:port/database</c> for a shared PostgreSQL.
    /// </summary>
    public string? Url { get; set; }

    /// <summary>SQLite only: fsync every commit (survives power loss, not only a process crash).</summary>
    public bool FullSync { get; set; }

    /// <summary>PostgreSQL: connections this process opens at most (API requests, workers, the change listener).</summary>
    public int MaxPoolSize { get; set; } = 50;

    /// <summary>
    /// PostgreSQL: wait for the WAL flush on every commit. Off by default, which matches SQLite's
    /// NORMAL: a crash of the database server may lose the last few hundred milliseconds of
    /// commits but never corrupts anything; on turns durability up to power-loss safe.
    /// </summary>
    public bool SynchronousCommit { get; set; }

    public bool IsPostgres => PostgresUrl.IsPostgres(Url);

    public void Validate()
    {
        if (MaxPoolSize < 2)
        {
            throw new InvalidOperationException("Docket:Database:MaxPoolSize must be at least 2 (the change listener holds one connection).");
        }

        if (!string.IsNullOrEmpty(Url) && !IsPostgres)
        {
            throw new InvalidOperationException($"The database URL must start with postgres:// (or be empty for SQLite in the data directory); got '{PostgresUrl.Redact(Url)}'.");
        }

        if (IsPostgres)
        {
            PostgresUrl.Parse(Url!);
        }
    }
}
