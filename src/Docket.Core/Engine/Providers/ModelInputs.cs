using System.Text.Json.Nodes;
using Docket.Engine.Readers;

namespace Docket.Engine.Providers;

/// <summary>What the model is shown of an execution's inputs, and what Docket keeps to read its answer.</summary>
/// <param name="Parts">Content parts of the user message: text, then pictures, input by input.</param>
/// <param name="Layouts">The layouts read, with the number their first page has across all inputs (for grounding).</param>
public sealed record ModelInputs(JsonArray Parts, IReadOnlyList<(DocumentLayout Layout, int FirstPage)> Layouts)
{
    public int ElementsProcessed { get; init; }

    /// <summary><c>page</c>, <c>image</c> or <c>video</c>: what most of the inputs were.</summary>
    public string ElementType { get; init; } = "page";
}
