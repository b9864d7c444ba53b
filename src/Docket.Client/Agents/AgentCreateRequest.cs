using System.Text.Json.Nodes;

namespace Docket.Client;

/// <summary>A new agent version.</summary>
public sealed record AgentCreateRequest
{
    /// <summary>
    /// <c>name</c> or <c>name:version</c>. Without a version the server assigns the next one when
    /// the config changed; without a name it derives one from the prompt.
    /// </summary>
    public string? Name { get; init; }

    /// <summary>What the agent does.</summary>
    public string? Description { get; init; }

    /// <summary>The agent's declared input model, if any.</summary>
    public JsonObject? Inputs { get; init; }

    /// <summary>The prompt, response schema and settings.</summary>
    public AgentConfig Config { get; init; } = new();

    /// <summary>A webhook called when any execution of this agent ends.</summary>
    public Uri? CallbackUrl { get; init; }
}
