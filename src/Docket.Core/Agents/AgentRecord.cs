using System.Text.Json.Nodes;

namespace Docket.Agents;

/// <summary>One immutable agent version.</summary>
public sealed record AgentRecord(
    string Id,
    string TenantId,
    string Name,
    string Version,
    string Description,
    JsonObject Config,
    string ConfigHash,
    string? CallbackUrl,
    long CreatedAt,
    long UpdatedAt)
{
    public string FullName => $"{Name}:{Version}";

    public string Prompt => Config["prompt"] is JsonValue value && value.TryGetValue<string>(out var prompt) ? prompt : string.Empty;

    public JsonObject? JsonSchema => Config["json_schema"] as JsonObject;
}
