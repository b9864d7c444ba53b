namespace Docket.Executions;

/// <summary>
/// One execution row. JSON columns stay strings here: most reads only pass them through to the
/// wire, so they are parsed only where they are used.
/// </summary>
public sealed record ExecutionRecord
{
    public required string Id { get; init; }

    public required string TenantId { get; init; }

    public required string Name { get; init; }

    public string? AgentId { get; init; }

    /// <summary>The handler that runs it (document/parse, …).</summary>
    public required string Handler { get; init; }

    public required string Status { get; init; }

    public required Priority Priority { get; init; }

    public required string Config { get; init; }

    public required string Inputs { get; init; }

    public required string Toolsets { get; init; }

    public string? Metadata { get; init; }

    public string? SessionId { get; init; }

    public string? CallbackUrl { get; init; }

    public string? IdempotencyKey { get; init; }

    public required string Fingerprint { get; init; }

    public string? Model { get; init; }

    public int Attempt { get; init; }

    public required int MaxAttempts { get; init; }

    public long? TimeoutMs { get; init; }

    public long RunAfter { get; init; }

    public long? LockedUntil { get; init; }

    public string? WorkerId { get; init; }

    public required long CreatedAt { get; init; }

    public long? StartedAt { get; init; }

    public long? CompletedAt { get; init; }

    public string? Response { get; init; }

    public string? Usage { get; init; }

    /// <summary>Where each response value was found (JSON pointer → page, box, text, confidence), when asked for.</summary>
    public string? Grounding { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public bool Cached { get; init; }
}
