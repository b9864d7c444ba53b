using System.Text.Json.Nodes;

namespace Docket.Engine.Providers;

/// <summary>What a replay found: whether the re-run gave the stored response and artifacts, and where not.</summary>
public sealed record ReplayReport
{
    public required string ExecutionId { get; init; }

    /// <summary>The execution whose recorded calls were used: itself, or for a cached result the one it was copied from.</summary>
    public required string RecordingId { get; init; }

    public required bool Identical { get; init; }

    public required bool ResponseIdentical { get; init; }

    public required bool ArtifactsIdentical { get; init; }

    public int CallsRecorded { get; init; }

    public int CallsReplayed { get; init; }

    /// <summary>JSON pointers where the replayed response differs from the stored one (at most 20).</summary>
    public IReadOnlyList<string> Differences { get; init; } = [];

    public IReadOnlyList<JsonObject> RequestMismatches { get; init; } = [];

    public JsonObject? Response { get; init; }

    /// <summary>Why the replay itself failed, if it did.</summary>
    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }
}
