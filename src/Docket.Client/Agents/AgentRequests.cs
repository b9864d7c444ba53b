using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

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

/// <summary>What to look an agent up by: exactly one of an id, a name or a prompt.</summary>
public sealed record AgentLookup
{
    private AgentLookup()
    {
    }

    /// <summary>The version id.</summary>
    public string? Id { get; private init; }

    /// <summary><c>name</c> (its latest version) or <c>name:version</c>.</summary>
    public string? Name { get; private init; }

    /// <summary>The prompt of a stored agent.</summary>
    public string? Prompt { get; private init; }

    /// <summary>Looks up a version by its id (or a built-in agent by its name).</summary>
    /// <param name="id">The version id.</param>
    public static AgentLookup ById(string id) => new() { Id = id };

    /// <summary>Looks up <c>name</c> (its latest version) or <c>name:version</c>.</summary>
    /// <param name="name">The agent name, optionally with a version.</param>
    public static AgentLookup ByName(string name) => new() { Name = name };

    /// <summary>Looks up the stored agent with this prompt.</summary>
    /// <param name="prompt">The prompt.</param>
    public static AgentLookup ByPrompt(string prompt) => new() { Prompt = prompt };
}

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
