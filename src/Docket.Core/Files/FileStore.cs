using System.Data.Common;
using Docket.Data;

namespace Docket.Files;

/// <summary>File rows. Every query filters on the tenant: another tenant's file does not exist.</summary>
public sealed class FileStore(IDocketDatabase database)
{
    public static Task<int> InsertAsync(DbConnection connection, DbTransaction transaction, FileRecord file, string? uploadTokenHash, long? expiresAt, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(
            transaction,
            """
            INSERT INTO files (id, tenant_id, filename, bytes, purpose, content_type, md5, sha256, status, upload_token_hash, expires_at, created_at)
            VALUES (@id, @tenant, @filename, @bytes, @purpose, @type, @md5, @sha256, @status, @token, @expires, @at)
            """,
            cancellationToken,
            ("@id", file.Id),
            ("@tenant", file.TenantId),
            ("@filename", file.FileName),
            ("@bytes", file.Bytes),
            ("@purpose", file.Purpose),
            ("@type", file.ContentType),
            ("@md5", file.Md5),
            ("@sha256", file.Sha256),
            ("@status", file.Status),
            ("@token", uploadTokenHash),
            ("@expires", expiresAt),
            ("@at", file.CreatedAt));

    public Task<FileRecord?> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        database.ReadAsync(
            connection => connection.FirstAsync(null, "SELECT * FROM files WHERE id = @id AND tenant_id = @tenant", Map, cancellationToken, ("@id", id), ("@tenant", tenantId)),
            cancellationToken);

    public Task<FileRecord?> FindByMd5Async(string tenantId, string md5, CancellationToken cancellationToken) =>
        database.ReadAsync(
            connection => connection.FirstAsync(
                null,
                "SELECT * FROM files WHERE tenant_id = @tenant AND md5 = @md5 AND status = 'ready' ORDER BY seq DESC LIMIT 1",
                Map,
                cancellationToken,
                ("@tenant", tenantId),
                ("@md5", md5)),
            cancellationToken);

    public Task<List<FileRecord>> ListAsync(string tenantId, int skip, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync(
            connection => connection.ListAsync(
                null,
                "SELECT * FROM files WHERE tenant_id = @tenant AND status = 'ready' ORDER BY seq DESC LIMIT @limit OFFSET @skip",
                Map,
                cancellationToken,
                ("@tenant", tenantId),
                ("@limit", limit),
                ("@skip", skip)),
            cancellationToken);

    /// <summary>The pending presigned upload that this one-time token opens, if it is still open.</summary>
    public Task<FileRecord?> FindPendingUploadAsync(string id, string tokenHash, long now, CancellationToken cancellationToken) =>
        database.ReadAsync(
            connection => connection.FirstAsync(
                null,
                "SELECT * FROM files WHERE id = @id AND upload_token_hash = @token AND status = 'awaiting_upload' AND expires_at > @now",
                Map,
                cancellationToken,
                ("@id", id),
                ("@token", tokenHash),
                ("@now", now)),
            cancellationToken);

    /// <summary>How many files and artifacts still point at a blob.</summary>
    public static Task<long> CountBlobReferencesAsync(DbConnection connection, DbTransaction transaction, string sha256, CancellationToken cancellationToken) =>
        connection.CountAsync(
            transaction,
            "SELECT (SELECT COUNT(*) FROM files WHERE sha256 = @sha) + (SELECT COUNT(*) FROM artifacts WHERE sha256 = @sha)",
            cancellationToken,
            ("@sha", sha256));

    public static FileRecord Map(DbDataReader r) => new(
        r.Text("id"),
        r.Text("tenant_id"),
        r.Text("filename"),
        r.Number("bytes"),
        r.Text("purpose"),
        r.Text("content_type"),
        r.TextOrNull("md5"),
        r.TextOrNull("sha256"),
        r.Text("status"),
        r.Number("created_at"));
}
