using System.Text.Json.Nodes;
using Docket.Engine.Readers;

namespace Docket.Tools.Core;

/// <summary><c>core.read</c>: the text of a document of any format the readers know, page by page (OCR for scans and images).</summary>
public sealed class ReadTool(DocumentReader reader) : ITool
{
    public string Name => "core.read";

    public string Toolset => "core";

    public string Description => "Reads a document (PDF, scan, image, DOCX, XLSX, HTML, e-mail, CSV, text) and returns its text as Markdown and page by page.";

    public JsonObject Parameters => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject { ["document"] = CoreInputs.DocumentArgument },
    };

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var layout = await reader.ReadAsync(CoreInputs.Resolve(context, arguments["document"]), cancellationToken).ConfigureAwait(false);
        return new JsonObject
        {
            ["format"] = layout.Format.ToString().ToLowerInvariant(),
            ["markdown"] = LayoutMarkdown.Render(layout),
            ["pages"] = new JsonArray([.. layout.Pages.Select(p => (JsonNode)new JsonObject { ["number"] = p.Number, ["text"] = p.Text })]),
        };
    }
}
