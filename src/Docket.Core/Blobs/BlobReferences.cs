using System.Data.Common;
using System.Globalization;
using Docket.Artifacts;
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
    public static Task LockAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, IEnumerable<string> sha256s, CancellationToken cancellationToken) =>
        LockOrderedAsync(connection, transaction, dialect, Ordered(sha256s), cancellationToken);

    /// <summary>Deletes the bytes of each blob that no file or artifact points at any more, inside the caller's transaction.</summary>
    public static async Task DeleteUnreferencedAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, IBlobStore blobs, IEnumerable<string> sha256s, CancellationToken cancellationToken)
    {
        var shas = Ordered(sha256s);
        await LockOrderedAsync(connection, transaction, dialect, shas, cancellationToken).ConfigureAwait(false);
        foreach (var sha in shas)
        {
            if (await FileStore.CountBlobReferencesAsync(connection, transaction, sha, cancellationToken).ConfigureAwait(false) == 0)
            {
                await blobs.DeleteAsync(sha, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Deletes, in a write of its own, the bytes of the artifacts an attempt stored but did not
    /// keep, unless something else points at them. Not cancellable: it is the attempt's clean-up.
    /// </summary>
    public static async Task DeleteUnkeptAsync(IDocketDatabase database, IBlobStore blobs, IReadOnlyList<ArtifactRecord> artifacts)
    {
        if (artifacts.Count == 0)
        {
            return;
        }

        await database.WriteAsync(
            async (connection, transaction) =>
            {
                await DeleteUnreferencedAsync(connection, transaction, database.Dialect, blobs, artifacts.Select(a => a.Sha256), CancellationToken.None).ConfigureAwait(false);
                return 0;
            },
            CancellationToken.None).ConfigureAwait(false);
    }

    private static List<string> Ordered(IEnumerable<string> sha256s) =>
        [.. sha256s.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static async Task LockOrderedAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, List<string> shas, CancellationToken cancellationToken)
    {
        if (dialect.LockBlob is not { } sql)
        {
            return;
        }

        foreach (var sha in shas)
        {
            // The first 32 bits of the hash name the lock; a rare collision only serializes two
            // unrelated blobs' writes.
            await connection.ExecuteAsync(transaction, sql, cancellationToken, ("@key", int.Parse(sha.AsSpan(0, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture))).ConfigureAwait(false);
        }
    }
}
