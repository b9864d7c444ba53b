using System.Text.Json.Serialization;

namespace Docket.Client;

/// <summary>One execution of an agent.</summary>
public sealed record ExecuteRequest
{
    /// <summary><c>agent-name:version</c>, <c>agent-name</c> for its latest version, or null to run <see cref="Config"/> inline.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// The named inputs: any object whose properties are <see cref="MessageContent"/>s, lists of
    /// them, or plain values (property names are sent in snake_case), or a dictionary or JsonObject.
    /// </summary>
    public object? Inputs { get; init; }

    /// <summary>An inline config, or overrides on top of the named agent's.</summary>
    public AgentConfig? Config { get; init; }

    /// <summary>Queue priority (default normal).</summary>
    public ExecutionPriority? Priority { get; init; }

    /// <summary>Toolsets the agent may use, beyond its own.</summary>
    public IReadOnlyList<string>? Toolsets { get; init; }

    /// <summary>Environment, session id (an artifact namespace) and training consent.</summary>
    public ExecutionMetadata? Metadata { get; init; }

    /// <summary>A webhook the server calls once the execution is terminal.</summary>
    public Uri? CallbackUrl { get; init; }

    /// <summary>The model to use, as the server's config maps it.</summary>
    public string? Model { get; init; }

    /// <summary>
    /// Makes a repeated submission return the first execution. One is generated per call when
    /// unset, so retries of that call are safe; set it to make separate calls idempotent too.
    /// </summary>
    [JsonIgnore]
    public string? IdempotencyKey { get; init; }
}
