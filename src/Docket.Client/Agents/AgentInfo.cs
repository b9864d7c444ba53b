using System.Text.Json.Nodes;

namespace Docket.Client;

/// <summary>An agent version, stored or built in (AgentInfo).</summary>
public sealed record AgentInfo
{
    /// <summary>The version's id; a built-in agent's id is its name.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary><c>name:version</c>, or a built-in agent's name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>What it does.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Its prompt (empty for built-in agents).</summary>
    public string Prompt { get; init; } = string.Empty;

    /// <summary>The JSON Schema of its responses, if it has one.</summary>
    public JsonObject? JsonSchema { get; init; }

    /// <summary>An example response that fits <see cref="JsonSchema"/>.</summary>
    public JsonObject? JsonSample { get; init; }

    /// <summary>When the version was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it was last updated.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Always <c>completed</c>.</summary>
    public string Status { get; init; } = string.Empty;

    /// <summary>The version's full config (stored agents only).</summary>
    public JsonObject? Config { get; init; }

    /// <summary>The toolsets a built-in agent uses.</summary>
    public IReadOnlyList<string>? Toolsets { get; init; }
}

/// <summary>The answer to creating an agent version.</summary>
/// <param name="Id">The version's id.</param>
/// <param name="Name">Its <c>name:version</c>.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it was last updated.</param>
/// <param name="Status">Always <c>completed</c>.</param>
public sealed record AgentCreationResponse(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Status);
