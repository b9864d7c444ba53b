using System.Text.Json.Nodes;
using Docket.Engine.Readers;

namespace Docket.Engine.Agents;

/// <summary>
/// The built-in <c>document/ocr</c> agent: the text of every page and each word with its box
/// (left, top, right, bottom in the layout's unit), read from a PDF's text layer or, for scans
/// and images, by OCR. Pages are numbered across all inputs.
/// </summary>
public sealed class DocumentOcrAgent : IAgentHandler
{
    private readonly DocumentReader _reader;

    public DocumentOcrAgent(DocumentReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
    }

    public string Name => "document/ocr";

    public string Description =>
        "Reads the text of each page of documents and images, with every word and its bounding box.";

    public IReadOnlyList<string> Toolsets { get; } = ["core", "document"];

    public string Version => "1";

    public async Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var documents = context.Documents("document/ocr");

        var pages = new JsonArray();
        foreach (var input in documents)
        {
            var layout = await _reader.ReadAsync(input, cancellationToken).ConfigureAwait(false);
            foreach (var page in layout.Pages)
            {
                pages.Add(new JsonObject
                {
                    ["number"] = pages.Count + 1,
                    ["text"] = page.Text,
                    ["words"] = Words(page),
                });
            }
        }

        return new AgentResult(new JsonObject { ["pages"] = pages })
        {
            ElementsProcessed = pages.Count,
            ElementType = "page",
        };
    }

    /// <summary>Every word of the page in reading order, each with its box <c>[left, top, right, bottom]</c> to two decimals.</summary>
    internal static JsonArray Words(LayoutPage page) =>
        new([.. page.Lines.SelectMany(line => line.Words).Select(word => (JsonNode)new JsonObject
        {
            ["text"] = word.Text,
            ["box"] = new JsonArray(Round(word.Box.Left), Round(word.Box.Top), Round(word.Box.Right), Round(word.Box.Bottom)),
        })]);

    private static double Round(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
