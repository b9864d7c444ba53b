using System.Text.Json.Nodes;

namespace Docket.Client;

/// <summary>What replaying an execution against its recorded model calls found (<c>POST …/executions/{id}/replay</c>).</summary>
public sealed record ReplayReport
{
    /// <summary>The execution replayed.</summary>
    public string ExecutionId { get; init; } = string.Empty;

    /// <summary>The execution whose recorded calls answered the replay (for a cached result, the one it came from).</summary>
    public string RecordingId { get; init; } = string.Empty;

    /// <summary>True when the replay gave the stored response and artifacts.</summary>
    public bool Identical { get; init; }

    /// <summary>True when the replayed response equals the stored one.</summary>
    public bool ResponseIdentical { get; init; }

    /// <summary>True when the replay made the same artifacts (ids and bytes).</summary>
    public bool ArtifactsIdentical { get; init; }

    /// <summary>Successful model calls recorded for the execution.</summary>
    public int CallsRecorded { get; init; }

    /// <summary>Recorded calls the replay used.</summary>
    public int CallsReplayed { get; init; }

    /// <summary>JSON pointers where the replayed response differs.</summary>
    public IReadOnlyList<string> Differences { get; init; } = [];

    /// <summary>Calls whose request differed from the recorded one: <c>{call, recorded_sha256, replayed_sha256}</c>.</summary>
    public IReadOnlyList<JsonObject> RequestMismatches { get; init; } = [];

    /// <summary>Why the replay itself failed, if it did.</summary>
    public ExecutionError? Error { get; init; }

    /// <summary>The replayed response.</summary>
    public JsonObject? Response { get; init; }
}
