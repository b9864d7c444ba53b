namespace Docket.Client;

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
