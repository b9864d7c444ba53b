namespace Docket.Files;

/// <summary>Upload limits (section <c>Docket:Files</c>).</summary>
public sealed class FileUploadOptions
{
    /// <summary>Largest accepted upload; bigger ones get 413. Default 1 GiB.</summary>
    public long MaxUploadBytes { get; set; } = 1L << 30;

    /// <summary>How long a presigned upload URL stays usable when the request names no expiration.</summary>
    public int PresignedUrlSeconds { get; set; } = 3600;
}
