namespace Docket.Blobs;

/// <summary>Where files and artifacts live (section <c>Docket:Blobs</c>).</summary>
public sealed class BlobOptions
{
    /// <summary>Empty for <c>&lt;data&gt;/blobs</c>, or <c>s3://bucket[/prefix]?endpoint=…</c> for an S3-compatible store.</summary>
    public string? Url { get; set; }

    public void Validate()
    {
        if (!string.IsNullOrEmpty(Url))
        {
            S3BlobLocation.Parse(Url);
        }
    }
}
