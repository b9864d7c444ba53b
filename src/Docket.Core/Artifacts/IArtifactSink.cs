namespace Docket.Artifacts;

/// <summary>Where a running handler puts what it produces (processed images, videos, PDFs).</summary>
public interface IArtifactSink
{
    /// <summary>
    /// Stores the bytes of <paramref name="content"/> and returns the artifact's object id
    /// (<c>img_3fa2c1</c>). Ids derive from the execution's fingerprint and the order of calls,
    /// so a rerun with the same fingerprint gives the same ids.
    /// </summary>
    Task<string> AddAsync(string type, string contentType, string fileName, Stream content, CancellationToken cancellationToken);
}
