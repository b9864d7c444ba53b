using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Docket.Client;

/// <summary>An agent execution as the server reports it (AgentExecutionResponse, with Docket's extensions).</summary>
public sealed record Execution
{
    /// <summary>The execution's id.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The agent that ran, as <c>name:version</c> or a built-in agent's name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>When the server accepted it.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it reached a terminal state; null before.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The structured result once completed; read it typed with <see cref="GetResponse{TResponse}"/>.</summary>
    public JsonObject? Response { get; init; }

    /// <summary>One of <see cref="ExecutionStatus"/>'s values.</summary>
    public string Status { get; init; } = string.Empty;

    /// <summary>What the execution consumed.</summary>
    public ExecutionUsage? Usage { get; init; }

    /// <summary>When a worker last started it; null while pending.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Its queue priority.</summary>
    public ExecutionPriority? Priority { get; init; }

    /// <summary>How many attempts have started.</summary>
    public int Attempts { get; init; }

    /// <summary>How many attempts it may take before failing for good.</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>Why it failed; null unless <see cref="Status"/> is <c>failed</c>.</summary>
    public ExecutionError? Error { get; init; }

    /// <summary>Hash of the effective config, input contents, engine and model: equal fingerprints give equal results.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>True when the result was taken from an earlier execution with the same fingerprint.</summary>
    public bool Cached { get; init; }

    /// <summary>The id of the stored agent version that ran, if it was one.</summary>
    public string? AgentId { get; init; }

    /// <summary>The toolsets the execution could use.</summary>
    public IReadOnlyList<string>? Toolsets { get; init; }

    /// <summary>The artifacts it produced (listed once completed).</summary>
    public IReadOnlyList<ExecutionArtifact> Artifacts { get; init; } = [];

    /// <summary>The metadata the request carried.</summary>
    public ExecutionMetadata? Metadata { get; init; }

    /// <summary>The model the request named.</summary>
    public string? Model { get; init; }

    /// <summary>True once completed or failed: the execution will not change any more.</summary>
    [JsonIgnore]
    public bool IsTerminal => Status is ExecutionStatus.Completed or ExecutionStatus.Failed;

    /// <summary>
    /// The response as <typeparamref name="TResponse"/>, with snake_case property names (the type
    /// given to <c>ExecuteAsync&lt;TResponse&gt;</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The execution has no response (it is not completed).</exception>
    public TResponse GetResponse<TResponse>()
    {
        if (Response is null)
        {
            throw new InvalidOperationException($"Execution {Id} is {Status} and has no response.");
        }

        return Response.Deserialize<TResponse>(DocketJson.Options)
            ?? throw new InvalidOperationException($"The response of execution {Id} is null.");
    }
}
