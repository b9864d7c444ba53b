using System.Text.Json.Nodes;

namespace Docket.Engine;

/// <summary>What one named input resolved to by the time a handler runs.</summary>
public enum InputKind
{
    /// <summary>Bytes on local disk: an uploaded file or a downloaded URL.</summary>
    File,

    /// <summary>A text MessageContent or a plain string that is not a URL.</summary>
    Text,

    /// <summary>Any other plain JSON value.</summary>
    Json,
}

/// <summary>
/// One resolved input. <see cref="Name"/> is the key in the request's <c>inputs</c> object;
/// a list input gives several entries with the same name, in order.
/// </summary>
public sealed record ExecutionInput(string Name, InputKind Kind)
{
    /// <summary>Local path of the bytes (read-only) when <see cref="Kind"/> is File.</summary>
    public string? Path { get; init; }

    public string? FileName { get; init; }

    public string? ContentType { get; init; }

    public long Bytes { get; init; }

    public string? Sha256 { get; init; }

    /// <summary>The MessageContent type it came from: input_file, image_url, video_url, …</summary>
    public string? SourceType { get; init; }

    public string? Text { get; init; }

    public JsonNode? Json { get; init; }
}
