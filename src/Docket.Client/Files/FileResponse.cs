using System.Text.Json.Serialization;

namespace Docket.Client;

/// <summary>A stored file (FileResponse, with Docket's <c>md5</c>, <c>sha256</c> and <c>content_type</c>).</summary>
public sealed record FileResponse
{
    /// <summary>The file's id, used in <see cref="MessageContent.File(string)"/>.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The name it was uploaded with.</summary>
    public string Filename { get; init; } = string.Empty;

    /// <summary>Its size.</summary>
    public long Bytes { get; init; }

    /// <summary>Its purpose, <c>assistants</c> by default.</summary>
    public string Purpose { get; init; } = string.Empty;

    /// <summary>When it was uploaded.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Always <c>file</c> (the wire's <c>object</c> field).</summary>
    [JsonPropertyName("object")]
    public string ObjectType { get; init; } = "file";

    /// <summary>A public URL, when the server made one.</summary>
    public Uri? PublicUrl { get; init; }

    /// <summary>MD5 of the content, lowercase hex.</summary>
    public string? Md5 { get; init; }

    /// <summary>SHA-256 of the content, lowercase hex.</summary>
    public string? Sha256 { get; init; }

    /// <summary>The media type the server recorded.</summary>
    public string? ContentType { get; init; }
}
