using System.Text.Json.Nodes;
using Docket.Artifacts;

namespace Docket.Engine;

/// <summary>Everything a handler may use while it runs one attempt of one execution.</summary>
public sealed class AgentRunContext
{
    public required string ExecutionId { get; init; }

    public required string TenantId { get; init; }

    public required int Attempt { get; init; }

    /// <summary>The effective config snapshot (prompt, json_schema, seed, …); never mutate it.</summary>
    public required JsonObject Config { get; init; }

    public required IReadOnlyList<ExecutionInput> Inputs { get; init; }

    /// <summary>Deterministic per execution fingerprint; artifact ids derive from it.</summary>
    public required string Fingerprint { get; init; }

    public required IArtifactSink Artifacts { get; init; }

    /// <summary>The toolsets the execution may use (the agent's and the request's).</summary>
    public IReadOnlyList<string> Toolsets { get; init; } = [];

    /// <summary>The request's <c>model</c> field, as the client sent it.</summary>
    public string? Model { get; init; }

    /// <summary>
    /// A scratch directory owned by this attempt, created on first use and deleted when the
    /// attempt ends. Most executions never need one, so none is made up front.
    /// </summary>
    public required string WorkDirectory
    {
        get
        {
            Directory.CreateDirectory(_workDirectory);
            WorkDirectoryCreated = true;
            return _workDirectory;
        }

        init => _workDirectory = value;
    }

    /// <summary>Whether anything asked for <see cref="WorkDirectory"/>, so there may be one to delete.</summary>
    public bool WorkDirectoryCreated { get; private set; }

    private readonly string _workDirectory = string.Empty;

    public string? Prompt => Config["prompt"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
        ? Config["prompt"]!.GetValue<string>()
        : null;

    public JsonObject? JsonSchema => Config["json_schema"] as JsonObject;

    /// <summary>
    /// The inputs a document agent reads (files and text), in order; fails the execution with
    /// invalid_input when there are fewer than <paramref name="atLeast"/>.
    /// </summary>
    public IReadOnlyList<ExecutionInput> Documents(string agentName, int atLeast = 1)
    {
        var documents = Inputs.Where(input => input.Kind is InputKind.File or InputKind.Text).ToList();
        if (documents.Count < atLeast)
        {
            throw ExecutionFailedException.InvalidInput(atLeast == 1
                ? $"{agentName} needs at least one document: a file input or a text input."
                : $"{agentName} needs at least {atLeast} documents: file inputs or text inputs.");
        }

        return documents;
    }
}
