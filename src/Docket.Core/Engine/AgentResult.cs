using System.Text.Json.Nodes;

namespace Docket.Engine;

/// <summary>What a handler returns: the response object and the figures reported in <c>usage</c>.</summary>
public sealed record AgentResult(JsonObject Response)
{
    public int ElementsProcessed { get; init; }

    /// <summary>One of <c>page</c>, <c>image</c>, <c>video</c>, <c>audio</c>: the SDKs accept no other value.</summary>
    public string ElementType { get; init; } = "page";

    public int Steps { get; init; } = 1;

    public string? Message { get; init; }

    /// <summary>
    /// Where each response value was read, keyed by JSON pointer (<c>/total</c>,
    /// <c>/line_items/0/amount</c>): page, box, source text and confidence. Null unless the
    /// config asked for grounding or confidence; clients see it as the extension field <c>grounding</c>.
    /// </summary>
    public JsonObject? Grounding { get; init; }

    /// <summary>Tokens a model read, summed over its calls; null when no model ran.</summary>
    public long? PromptTokens { get; init; }

    /// <summary>Tokens a model wrote, summed over its calls; null when no model ran.</summary>
    public long? CompletionTokens { get; init; }
}
