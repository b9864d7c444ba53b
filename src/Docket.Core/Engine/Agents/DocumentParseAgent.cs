using System.Text.Json.Nodes;
using Docket.Engine.Readers;

namespace Docket.Engine.Agents;

/// <summary>
/// The built-in <c>document/parse</c> agent: reads every file and text input, in order, and
/// returns their Markdown and the text of each page, numbered across all inputs. No model is
/// involved, so the same bytes always give the same response.
/// </summary>
public sealed class DocumentParseAgent : IAgentHandler
{
    private readonly DocumentReader _reader;

    public DocumentParseAgent(DocumentReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
    }

    public string Name => "document/parse";

    public string Description =>
        "Parses documents (PDF, plain text, Markdown, CSV, HTML) into Markdown and the text of each page.";

    public IReadOnlyList<string> Toolsets { get; } = ["core", "document"];

    public string Version => "1";

    public async Task<AgentResult> RunAsync(AgentRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var documents = context.Documents("document/parse");

        var markdown = new List<string>();
        var pages = new JsonArray();
        var pdfPagesWithoutText = 0;
        foreach (var input in documents)
        {
            var layout = await _reader.ReadAsync(input, cancellationToken).ConfigureAwait(false);
            foreach (var page in layout.Pages)
            {
                pages.Add(new JsonObject
                {
                    ["number"] = pages.Count + 1,
                    ["text"] = page.Text,
                });
                if (layout.Format == DocumentFormat.Pdf && page.Lines.Count == 0)
                {
                    pdfPagesWithoutText++;
                }
            }

            var rendered = LayoutMarkdown.Render(layout);
            if (rendered.Length > 0)
            {
                markdown.Add(rendered);
            }
        }

        var response = new JsonObject
        {
            ["markdown"] = string.Join("\n\n", markdown),
            ["pages"] = pages,
        };
        return new AgentResult(response)
        {
            ElementsProcessed = pages.Count,
            ElementType = "page",
            Message = pdfPagesWithoutText == 0
                ? null
                : $"{pdfPagesWithoutText} of {pages.Count} pages have no text layer (scanned images need OCR); their text is empty.",
        };
    }
}
