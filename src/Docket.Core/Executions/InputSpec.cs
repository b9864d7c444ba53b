using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Docket.Executions;

/// <summary>
/// One named input as stored with the execution: what the worker must resolve before the
/// handler runs. Kinds: <c>file</c> (an uploaded file id), <c>url</c>, <c>text</c>, <c>json</c>.
/// </summary>
public sealed record InputSpec
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary>The MessageContent type it came from (input_file, image_url, …), or "plain".</summary>
    [JsonPropertyName("source_type")]
    public required string SourceType { get; init; }

    [JsonPropertyName("file_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FileId { get; init; }

    [JsonPropertyName("url")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }

    [JsonPropertyName("text")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }

    [JsonPropertyName("value")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonNode? Value { get; init; }

    /// <summary>Content hash of an uploaded file, fixed at submit time so the fingerprint is too.</summary>
    [JsonPropertyName("sha256")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Sha256 { get; init; }
}
