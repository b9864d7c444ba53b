using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Docket.Client;

/// <summary>
/// An agent's config: its prompt and response schema plus Docket's engine settings. Used to
/// create an agent version and, in an execute request, as an inline config or as overrides.
/// </summary>
public sealed record AgentConfig
{
    /// <summary>What the agent should do.</summary>
    public string? Prompt { get; init; }

    /// <summary>The JSON Schema responses must fit; <see cref="DocketSchema.For{T}"/> makes one from a type.</summary>
    public JsonObject? JsonSchema { get; init; }

    /// <summary>Seed for sampling models.</summary>
    public long? Seed { get; init; }

    /// <summary>Sampling temperature, 0 to 2.</summary>
    public double? Temperature { get; init; }

    /// <summary>How long one attempt may run, in seconds.</summary>
    [JsonPropertyName("timeout_s")]
    public double? TimeoutSeconds { get; init; }

    /// <summary>How many attempts a transient failure may take (1 to 10).</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>Reuse the result of an earlier execution with the same fingerprint.</summary>
    public bool? Cache { get; init; }

    /// <summary>Attach page, box and source text to extracted values.</summary>
    public bool? Grounding { get; init; }

    /// <summary>Attach a confidence to extracted values.</summary>
    public bool? Confidence { get; init; }

    /// <summary>A declarative tool pipeline.</summary>
    public JsonArray? Steps { get; init; }

    /// <summary>Any further config keys, sent as they are (for example a built-in agent's own settings); the typed properties win over a key of the same name.</summary>
    [JsonIgnore]
    public JsonObject? Extra { get; init; }

    /// <summary>
    /// The config as JSON. Extra keys are merged by hand: [JsonExtensionData] on a JsonObject
    /// writes invalid JSON (<c>{"prompt":"p",{"k":1}}</c>) on .NET 10.0.
    /// </summary>
    internal JsonObject ToJson()
    {
        var json = JsonSerializer.SerializeToNode(this, DocketJson.Info<AgentConfig>())!.AsObject();
        foreach (var (key, value) in Extra ?? [])
        {
            if (!json.ContainsKey(key))
            {
                json[key] = value?.DeepClone();
            }
        }

        return json;
    }
}
