using System.Data.Common;
using System.Globalization;
using Docket.Data;
using Docket.Files;

namespace Docket.Blobs;

/// <summary>
/// Keeps content-addressed blobs and the rows that point at them (files, artifacts) in step
/// across processes. Every write that adds or drops a reference to a blob first locks that blob
/// for the rest of its transaction (PostgreSQL: a transaction-scoped advisory lock; SQLite's single
/// writer serializes these writes already). A delete that finds no reference left and removes the
/// bytes therefore never interleaves with an upload that found the same bytes stored and is adding
/// a row for them: one of the two goes first, and the other sees what it did.
/// </summary>
public static class BlobReferences
{
    /// <summary>Takes the locks of <paramref name="sha256s"/>, in one order everywhere so two writers cannot deadlock.</summary>
    public static async Task LockAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, IEnumerable<string> sha256s, CancellationToken cancellationToken)
    {
        if (dialect.LockBlob is not { } sql)
        {
            return;
        }

        foreach (var sha in sha256s.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            // The first 32 bits of the hash name the lock; a rare collision only serializes two
            // unrelated blobs' writes.
            await connection.ExecuteAsync(transaction, sql, cancellationToken, ("@key", int.Parse(sha.AsSpan(0, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture))).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the bytes of each blob that no file or artifact points at any more.</summary>
    public static async Task DeleteUnreferencedAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, IBlobStore blobs, IEnumerable<string> sha256s, CancellationToken cancellationToken)
    {
        var shas = sha256s.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        await LockAsync(connection, transaction, dialect, shas, cancellationToken).ConfigureAwait(false);
        foreach (var sha in shas)
        {
            if (await FileStore.CountBlobReferencesAsync(connection, transaction, sha, cancellationToken).ConfigureAwait(false) == 0)
            {
                await blobs.DeleteAsync(sha, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
