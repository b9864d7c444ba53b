using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Docket.Client;

/// <summary>
/// The client's one set of JSON options: snake_case, nulls left out. Wire records use the
/// source-generated <see cref="DocketJsonContext"/>; callers' own input and response types fall
/// back to reflection.
/// </summary>
internal static class DocketJson
{
    public static readonly JsonSerializerOptions Options = Create();

    public static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    /// <summary>Drops the unset top-level fields of a request body built by hand.</summary>
    public static JsonObject WithoutNulls(JsonObject body)
    {
        foreach (var key in body.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            body.Remove(key);
        }

        return body;
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(DocketJsonContext.Default.Options)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(DocketJsonContext.Default, new DefaultJsonTypeInfoResolver()),
        };
        options.MakeReadOnly();
        return options;
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Execution))]
[JsonSerializable(typeof(List<Execution>))]
[JsonSerializable(typeof(FileResponse))]
[JsonSerializable(typeof(List<FileResponse>))]
[JsonSerializable(typeof(AgentInfo))]
[JsonSerializable(typeof(List<AgentInfo>))]
[JsonSerializable(typeof(AgentCreationResponse))]
[JsonSerializable(typeof(AgentLookup))]
[JsonSerializable(typeof(AgentConfig))]
[JsonSerializable(typeof(ExecutionMetadata))]
[JsonSerializable(typeof(ExecutionPriority))]
[JsonSerializable(typeof(ArtifactList))]
[JsonSerializable(typeof(FeedbackSubmission))]
[JsonSerializable(typeof(FeedbackReceipt))]
[JsonSerializable(typeof(FeedbackList))]
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(List<ModelInfo>))]
[JsonSerializable(typeof(List<ExecutionStep>))]
[JsonSerializable(typeof(ReplayReport))]
[JsonSerializable(typeof(MessageContent))]
[JsonSerializable(typeof(ImageRef))]
[JsonSerializable(typeof(VideoRef))]
[JsonSerializable(typeof(AudioRef))]
[JsonSerializable(typeof(DocumentRef))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
internal sealed partial class DocketJsonContext : JsonSerializerContext;
