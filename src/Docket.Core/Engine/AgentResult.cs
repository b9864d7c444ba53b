using System.Text.Json.Nodes;

namespace Docket.Engine;

/// <summary>What a handler returns: the response object and the figures reported in <c>usage</c>.</summary>
public sealed record AgentResult(JsonObject Response)
{
    public int ElementsProcessed { get; init; }

    /// <summary><c>page</c>, <c>image</c>, <c>video</c>, <c>document</c>, …</summary>
    public string ElementType { get; init; } = "document";

    public int Steps { get; init; } = 1;

    public string? Message { get; init; }
}
