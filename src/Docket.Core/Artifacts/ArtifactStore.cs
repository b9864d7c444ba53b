using System.Data.Common;
using Docket.Data;

namespace Docket.Artifacts;

/// <summary>Artifact rows, found by execution or by session, always within the tenant.</summary>
public sealed class ArtifactStore(IDocketDatabase database)
{
    public static Task<int> InsertAsync(DbConnection connection, DbTransaction transaction, ArtifactRecord a, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            transaction,
            """
            INSERT INTO artifacts (execution_id, object_id, tenant_id, session_id, filename, content_type, bytes, sha256, created_at)
            VALUES (@execution, @object, @tenant, @session, @filename, @type, @bytes, @sha, @at)
            """,
            cancellationToken,
            ("@execution", a.ExecutionId),
            ("@object", a.ObjectId),
            ("@tenant", a.TenantId),
            ("@session", a.SessionId),
            ("@filename", a.FileName),
            ("@type", a.ContentType),
            ("@bytes", a.Bytes),
            ("@sha", a.Sha256),
            ("@at", a.CreatedAt));

    public Task<List<ArtifactRecord>> ListForExecutionAsync(string tenantId, string executionId, CancellationToken cancellationToken) =>
        database.ReadAsync(
            connection => connection.ListAsync(
                null,
                "SELECT * FROM artifacts WHERE tenant_id = @tenant AND execution_id = @execution ORDER BY created_at, object_id",
                Map,
                cancellationToken,
                ("@tenant", tenantId),
                ("@execution", executionId)),
            cancellationToken);

    public Task<List<ArtifactRecord>> ListForSessionAsync(string tenantId, string sessionId, CancellationToken cancellationToken) =>
        database.ReadAsync(
            connection => connection.ListAsync(
                null,
                "SELECT * FROM artifacts WHERE tenant_id = @tenant AND session_id = @session ORDER BY created_at, object_id",
                Map,
                cancellationToken,
                ("@tenant", tenantId),
                ("@session", sessionId)),
            cancellationToken);

    public static Task<List<ArtifactRecord>> ListForExecutionAsync(DbConnection connection, DbTransaction? transaction, string executionId, CancellationToken cancellationToken) =>
        connection.ListAsync(transaction, "SELECT * FROM artifacts WHERE execution_id = @execution ORDER BY created_at, object_id", Map, cancellationToken, ("@execution", executionId));

    public static ArtifactRecord Map(DbDataReader r) => new(
        r.Text("execution_id"),
        r.Text("object_id"),
        r.Text("tenant_id"),
        r.TextOrNull("session_id"),
        r.Text("filename"),
        r.Text("content_type"),
        r.Number("bytes"),
        r.Text("sha256"),
        r.Number("created_at"));
}
