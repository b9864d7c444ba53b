using System.Text.Json.Nodes;
using Docket.Engine;
using Docket.Engine.Readers;

namespace Docket.Tools.Document;

/// <summary>
/// <c>document.extract_tables</c>: the tables of a document as rows of cells. Formats with real
/// tables (HTML, DOCX, XLSX, CSV) give theirs; in PDFs and scans a table is a run of at least
/// two lines that the reader split into two or more cells at wide gaps, with a header row when
/// the first one holds no digits.
/// </summary>
public sealed class ExtractTablesTool(DocumentReader reader) : ITool
{
    public string Name => "document.extract_tables";

    public string Toolset => "document";

    public string Description => "Finds the tables in a document (PDF, scan, DOCX, XLSX, HTML, CSV): for each, its page, header (when it has one) and rows of cell texts.";

    public JsonObject Parameters => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["document"] = new JsonObject { ["type"] = "string", ["description"] = "The document: an input name or an earlier artifact id; the only file input when left out." },
        },
    };

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var file = context.ResolveFile(arguments["document"], "document");
        var layout = await reader.ReadAsync(new ExecutionInput("document", InputKind.File) { Path = file.Path, FileName = file.FileName, ContentType = file.ContentType }, cancellationToken).ConfigureAwait(false);
        var tables = new JsonArray();
        foreach (var page in layout.Pages)
        {
            foreach (var table in Tables(page.Lines))
            {
                var hasHeader = table[0].Kind == LineKind.TableHeader || (table[0].Kind == LineKind.Text && !Cells(table[0]).Any(c => c.Any(char.IsDigit)));
                tables.Add(new JsonObject
                {
                    ["page"] = page.Number,
                    ["header"] = hasHeader ? Row(table[0]) : null,
                    ["rows"] = new JsonArray([.. table.Skip(hasHeader ? 1 : 0).Select(l => (JsonNode)Row(l))]),
                });
            }
        }

        return new JsonObject { ["tables"] = tables, ["page_count"] = layout.Pages.Count };
    }

    /// <summary>Runs of table lines: marked table rows, or at least two consecutive lines of two or more cells.</summary>
    private static List<List<LayoutLine>> Tables(IReadOnlyList<LayoutLine> lines)
    {
        var tables = new List<List<LayoutLine>>();
        List<LayoutLine>? current = null;
        foreach (var line in lines)
        {
            var tabular = line.Kind is LineKind.TableHeader or LineKind.TableRow || Cells(line).Count >= 2;
            if (!tabular || line.Kind == LineKind.TableHeader)
            {
                Close();
            }

            if (tabular)
            {
                current ??= [];
                current.Add(line);
            }
        }

        Close();
        return tables;

        void Close()
        {
            if (current is { Count: >= 2 } || current is [{ Kind: LineKind.TableHeader or LineKind.TableRow }, ..])
            {
                tables.Add(current);
            }

            current = null;
        }
    }

    private static List<string> Cells(LayoutLine line) =>
        [.. (line.Cells ?? line.Text.Split('\t')).Select(c => c.Trim()).Where(c => c.Length > 0)];

    private static JsonArray Row(LayoutLine line) => new([.. Cells(line).Select(c => (JsonNode)c)]);
}
