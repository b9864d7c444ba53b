namespace Docket.Blobs;

/// <summary>
/// Content-addressed bytes (files and artifacts), keyed by SHA-256 hex: a local directory on one
/// machine, an S3-compatible bucket for many.
/// </summary>
public interface IBlobStore
{
    /// <summary>
    /// Moves a finished temporary file into the store under its hash. Content that is already
    /// stored is kept once; the temporary file is consumed either way.
    /// </summary>
    Task PutFileAsync(string sha256, string temporaryPath, CancellationToken cancellationToken);

    Task<Stream> OpenReadAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>A local path for tools that need a file; for remote stores a cached copy.</summary>
    Task<string> GetLocalPathAsync(string sha256, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string sha256, CancellationToken cancellationToken);

    Task DeleteAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>A directory on the same file system as the store, for uploads in progress.</summary>
    string TemporaryDirectory { get; }
}
