using System.Globalization;
using System.Text.Json.Nodes;

namespace Docket.Tools.Document;

/// <summary>
/// <c>document.split</c>: a PDF cut into smaller PDFs by page ranges (poppler's pdfseparate
/// takes the pages apart, pdfunite joins each range), one document artifact per range.
/// </summary>
public sealed class SplitTool : ITool
{
    public const int MaxParts = 200;

    public string Name => "document.split";

    public string Toolset => "document";

    public string Description => "Splits a PDF into several PDFs: one per range of 'ranges' (\"1-2,3,4-\"), or one per page when left out.";

    public JsonObject Parameters => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["document"] = PdfFile.FileArgument,
            ["ranges"] = new JsonObject { ["type"] = "string", ["description"] = "Comma-separated page ranges, each becoming one PDF: \"1-2,3,4-\"; one PDF per page when left out." },
        },
    };

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var file = PdfFile.Resolve(context, arguments["document"], "document");
        var count = await PdfFile.PageCountAsync(context, file, cancellationToken).ConfigureAwait(false);
        var text = ToolArgs.Text(arguments, Name, "ranges");
        var ranges = text is null ? [.. Enumerable.Range(1, count).Select(p => (p, p))] : PdfFile.Ranges(text, Name, "ranges", count);
        if (ranges.Count > MaxParts)
        {
            throw ToolArgs.Bad(Name, "ranges", $"makes {ranges.Count} documents; at most {MaxParts} at once");
        }

        // One file per page first; each range is then those pages joined.
        var pattern = context.NewPath("-page-%d.pdf");
        var needed = ranges.SelectMany(r => Enumerable.Range(r.First, r.Last - r.First + 1)).ToHashSet();
        await context.RunProcessAsync("pdfseparate", ["-f", needed.Min().ToString(CultureInfo.InvariantCulture), "-l", needed.Max().ToString(CultureInfo.InvariantCulture), file.Path, pattern], cancellationToken).ConfigureAwait(false);
        string PagePath(int page) => pattern.Replace("%d", page.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var documents = new JsonArray();
        foreach (var (first, last) in ranges)
        {
            string path;
            if (first == last)
            {
                path = PagePath(first);
            }
            else
            {
                path = context.NewPath(".pdf");
                await context.RunProcessAsync("pdfunite", [.. Enumerable.Range(first, last - first + 1).Select(PagePath), path], cancellationToken).ConfigureAwait(false);
            }

            var range = PdfFile.Range(first, last);
            var id = await context.AddArtifactAsync("doc", "application/pdf", path, $"{PdfFile.Stem(file)}-pages-{range}.pdf", cancellationToken).ConfigureAwait(false);
            documents.Add(new JsonObject { ["pages"] = range, ["page_count"] = last - first + 1, ["document"] = id });
        }

        return new JsonObject { ["documents"] = documents, ["page_count"] = count };
    }
}
