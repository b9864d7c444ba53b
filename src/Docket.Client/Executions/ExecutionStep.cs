using System.Text.Json.Nodes;

namespace Docket.Client;

/// <summary>One step of a model-driven execution: a model turn or a tool call (<c>GET …/executions/{id}/steps</c>).</summary>
public sealed record ExecutionStep
{
    /// <summary>The attempt it belongs to (a retried execution logs each attempt's steps).</summary>
    public int Attempt { get; init; }

    /// <summary>Its number inside the attempt, from 1.</summary>
    public int Step { get; init; }

    /// <summary><c>model</c> or <c>tool</c>.</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>The model id or the tool name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary><c>ok</c> or <c>error</c>.</summary>
    public string Status { get; init; } = string.Empty;

    /// <summary>When it started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>How long it took.</summary>
    public long DurationMs { get; init; }

    /// <summary>Tokens and requested tools of a model turn; arguments, result or error and artifacts of a tool call.</summary>
    public JsonObject? Detail { get; init; }
}
