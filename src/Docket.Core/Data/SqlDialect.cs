namespace Docket.Data;

/// <summary>The statements whose SQL differs between SQLite and PostgreSQL.</summary>
public abstract class SqlDialect
{
    /// <summary>Name shown in logs and health output.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Claims one execution: parameters @now, @aged (created before this is promoted ahead of
    /// priority), @lease, @worker. Returns the claimed row or nothing.
    /// </summary>
    public abstract string ClaimExecution { get; }

    /// <summary>
    /// Whether a statement may change several tables through data-modifying <c>WITH</c> clauses
    /// (PostgreSQL), so that writes which always go together cost one statement.
    /// </summary>
    public virtual bool WritableCtes => false;

    /// <summary>
    /// Locks one blob (parameter @key, an int) until the transaction ends, or null where writes
    /// are serialized anyway (see <see cref="Blobs.BlobReferences"/>).
    /// </summary>
    public virtual string? LockBlob => null;

    /// <summary>The forward-only migrations, in order; each entry is one step's statements.</summary>
    public abstract IReadOnlyList<string> Migrations { get; }
}
