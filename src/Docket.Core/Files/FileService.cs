using Docket.Blobs;
using Docket.Common;
using Docket.Data;
using Microsoft.Extensions.Options;

namespace Docket.Files;

/// <summary>
/// Uploads, presigned uploads and deletes. Bytes land in the blob store before the row is
/// written, and both happen inside one write transaction, so a file is visible only when its
/// bytes are complete; and each locks its blob first (<see cref="BlobReferences"/>), so a
/// concurrent delete cannot remove a blob that a new row points at.
/// </summary>
public sealed class FileService(IDocketDatabase database, IBlobStore blobs, FileStore files, IOptions<FileUploadOptions> options, TimeProvider time)
{
    public FileUploadOptions Options => options.Value;

    public async Task<FileRecord> UploadAsync(string tenantId, Stream content, string? fileName, string? declaredContentType, string purpose, CancellationToken cancellationToken)
    {
        var written = await HashingBlobWriter.WriteAsync(content, blobs.TemporaryDirectory, options.Value.MaxUploadBytes, cancellationToken).ConfigureAwait(false);
        var safeName = ContentTypes.SafeFileName(fileName);
        var record = new FileRecord(
            Ids.New(),
            tenantId,
            safeName,
            written.Bytes,
            purpose,
            ContentTypes.Resolve(declaredContentType, safeName),
            written.Md5,
            written.Sha256,
            FileRecord.Ready,
            time.GetUtcNow().ToUnixTimeMilliseconds());
        try
        {
            await database.WriteAsync(
                async (connection, transaction) =>
                {
                    await BlobReferences.LockAsync(connection, transaction, database.Dialect, [written.Sha256], cancellationToken).ConfigureAwait(false);
                    await blobs.PutFileAsync(written.Sha256, written.TemporaryPath, cancellationToken).ConfigureAwait(false);
                    await FileStore.InsertAsync(connection, transaction, record, null, null, cancellationToken).ConfigureAwait(false);
                    return 0;
                },
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(written.TemporaryPath);
        }

        return record;
    }

    /// <summary>Creates a file that waits for its bytes; returns it with the one-time upload token.</summary>
    public async Task<(FileRecord File, string Token, long ExpiresAt)> CreatePresignedAsync(string tenantId, string fileName, string purpose, int? expirationSeconds, CancellationToken cancellationToken)
    {
        var safeName = ContentTypes.SafeFileName(fileName);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var seconds = Math.Clamp(expirationSeconds ?? options.Value.PresignedUrlSeconds, 60, 7 * 24 * 3600);
        var expiresAt = now + (seconds * 1000L);
        var token = Ids.RandomToken(24);
        var record = new FileRecord(Ids.New(), tenantId, safeName, 0, purpose, ContentTypes.FromFileName(safeName), null, null, FileRecord.AwaitingUpload, now);
        await database.WriteAsync(
            (connection, transaction) => FileStore.InsertAsync(connection, transaction, record, Hashing.Sha256Hex(token), expiresAt, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        return (record, token, expiresAt);
    }

    /// <summary>Receives the bytes of a presigned upload; null when the token is unknown, used or expired.</summary>
    public async Task<FileRecord?> CompletePresignedAsync(string id, string token, Stream content, string? declaredContentType, CancellationToken cancellationToken)
    {
        var tokenHash = Hashing.Sha256Hex(token);
        var pending = await files.FindPendingUploadAsync(id, tokenHash, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        if (pending is null)
        {
            return null;
        }

        var written = await HashingBlobWriter.WriteAsync(content, blobs.TemporaryDirectory, options.Value.MaxUploadBytes, cancellationToken).ConfigureAwait(false);
        var contentType = ContentTypes.Resolve(declaredContentType, pending.FileName);
        try
        {
            var updated = await database.WriteAsync(
                async (connection, transaction) =>
                {
                    await BlobReferences.LockAsync(connection, transaction, database.Dialect, [written.Sha256], cancellationToken).ConfigureAwait(false);
                    await blobs.PutFileAsync(written.Sha256, written.TemporaryPath, cancellationToken).ConfigureAwait(false);

                    // Guarded on the token and the status: the URL works once.
                    return await connection.ExecuteAsync(
                        transaction,
                        """
                        UPDATE files SET bytes = @bytes, md5 = @md5, sha256 = @sha, content_type = @type, status = 'ready', upload_token_hash = NULL
                        WHERE id = @id AND upload_token_hash = @token AND status = 'awaiting_upload'
                        """,
                        cancellationToken,
                        ("@bytes", written.Bytes),
                        ("@md5", written.Md5),
                        ("@sha", written.Sha256),
                        ("@type", contentType),
                        ("@id", id),
                        ("@token", tokenHash)).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
            return updated == 0 ? null : pending with { Bytes = written.Bytes, Md5 = written.Md5, Sha256 = written.Sha256, ContentType = contentType, Status = FileRecord.Ready };
        }
        finally
        {
            File.Delete(written.TemporaryPath);
        }
    }

    public async Task<FileRecord?> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var file = await files.GetAsync(tenantId, id, cancellationToken).ConfigureAwait(false);
        if (file is null)
        {
            return null;
        }

        await database.WriteAsync(
            async (connection, transaction) =>
            {
                await connection.ExecuteAsync(transaction, "DELETE FROM files WHERE id = @id AND tenant_id = @tenant", cancellationToken, ("@id", id), ("@tenant", tenantId)).ConfigureAwait(false);
                if (file.Sha256 is not null)
                {
                    await BlobReferences.DeleteUnreferencedAsync(connection, transaction, database.Dialect, blobs, [file.Sha256], cancellationToken).ConfigureAwait(false);
                }

                return 0;
            },
            cancellationToken).ConfigureAwait(false);
        return file;
    }
}
