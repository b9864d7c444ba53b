using Docket.Blobs;
using Docket.Common;

namespace Docket.Artifacts;

/// <summary>
/// Collects the artifacts of one attempt. Bytes go to the blob store at once; the rows are written
/// with the result, in the same transaction, so a failed or superseded attempt leaves no
/// artifact behind that a client could see.
/// </summary>
public sealed class ExecutionArtifactSink(IBlobStore blobs, string executionId, string tenantId, string? sessionId, string fingerprint, TimeProvider time) : IArtifactSink
{
    /// <summary>Artifact types of API.md and the content types each may carry.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Types = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["img"] = ["image/png", "image/jpeg"],
        ["vid"] = ["video/mp4"],
        ["aud"] = ["audio/mpeg"],
        ["doc"] = ["application/pdf"],
        ["recon"] = ["application/octet-stream"],
        ["arr"] = ["application/octet-stream"],
        ["url"] = ["text/plain"],
    };

    private const long MaxArtifactBytes = 8L << 30;
    private readonly List<ArtifactRecord> _artifacts = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<ArtifactRecord> Artifacts
    {
        get
        {
            lock (_lock)
            {
                return [.. _artifacts];
            }
        }
    }

    public async Task<string> AddAsync(string type, string contentType, string fileName, Stream content, CancellationToken cancellationToken)
    {
        if (!Types.TryGetValue(type, out var allowed) || !allowed.Contains(contentType, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Artifact type '{type}' with content type '{contentType}' is not one of the artifact kinds clients understand.", nameof(type));
        }

        var written = await HashingBlobWriter.WriteAsync(content, blobs.TemporaryDirectory, MaxArtifactBytes, cancellationToken).ConfigureAwait(false);
        try
        {
            await blobs.PutFileAsync(written.Sha256, written.TemporaryPath, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(written.TemporaryPath);
        }

        lock (_lock)
        {
            var id = NextId(type);
            _artifacts.Add(new ArtifactRecord(executionId, id, tenantId, sessionId, fileName, contentType, written.Bytes, written.Sha256, time.GetUtcNow().ToUnixTimeMilliseconds()));
            return id;
        }
    }

    /// <summary>
    /// <c>type_</c> + 6 hex of hash(fingerprint, type, ordinal): the same execution inputs give the
    /// same ids on every run, and ids never repeat inside one execution.
    /// </summary>
    private string NextId(string type)
    {
        for (var ordinal = _artifacts.Count(a => a.ObjectId.StartsWith(type + "_", StringComparison.Ordinal)); ; ordinal++)
        {
            var id = $"{type}_{Hashing.Sha256Hex($"{fingerprint}/{type}/{ordinal}")[..6]}";
            if (!_artifacts.Any(a => a.ObjectId == id))
            {
                return id;
            }
        }
    }
}
