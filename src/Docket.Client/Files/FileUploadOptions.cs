namespace Docket.Client;

/// <summary>How <see cref="FilesClient"/> uploads a file.</summary>
public sealed record FileUploadOptions
{
    /// <summary>The file's purpose (default <c>assistants</c>).</summary>
    public string Purpose { get; init; } = "assistants";

    /// <summary>The name to store; defaults to the file's own name.</summary>
    public string? FileName { get; init; }

    /// <summary>The media type to declare; by default the server infers it from the name's extension.</summary>
    public string? ContentType { get; init; }

    /// <summary>
    /// Receives the number of bytes sent so far as the upload proceeds (from zero again if an
    /// attempt is retried). Nothing is reported when the upload is skipped as a duplicate.
    /// </summary>
    public IProgress<long>? Progress { get; init; }

    /// <summary>
    /// Look the content's MD5 up first and return the server's existing file instead of uploading
    /// again (default true). Needs a seekable source: a path or a seekable stream.
    /// </summary>
    public bool ReuseExisting { get; init; } = true;
}
