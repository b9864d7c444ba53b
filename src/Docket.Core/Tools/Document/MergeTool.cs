using System.Text.Json.Nodes;

namespace Docket.Tools.Document;

/// <summary><c>document.merge</c>: several PDFs joined into one, in the order given (poppler's pdfunite).</summary>
public sealed class MergeTool : ITool
{
    public const int MaxDocuments = 100;

    public string Name => "document.merge";

    public string Toolset => "document";

    public string Description => "Joins PDFs into one, in the order listed in 'documents' (input names or doc_… artifacts); all file inputs in order when left out.";

    public JsonObject Parameters => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["documents"] = new JsonObject { ["type"] = "array", ["items"] = PdfFile.FileArgument, ["minItems"] = 2 },
        },
    };

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        List<JsonNode?> names = arguments["documents"] switch
        {
            null => FileInputs(context),
            JsonArray list => [.. list],
            _ => throw ToolArgs.Bad(Name, "documents", "must be a list of input names or doc_… artifacts"),
        };
        if (names.Count is < 2 or > MaxDocuments)
        {
            throw ToolArgs.Bad(Name, "documents", $"must name 2 to {MaxDocuments} PDFs, not {names.Count}");
        }

        var files = names.Select((n, i) => PdfFile.Resolve(context, n, $"documents[{i}]")).ToList();
        var pages = 0;
        foreach (var file in files)
        {
            pages += await PdfFile.PageCountAsync(context, file, cancellationToken).ConfigureAwait(false);
        }

        var path = context.NewPath(".pdf");
        await context.RunProcessAsync("pdfunite", [.. files.Select(f => f.Path), path], cancellationToken).ConfigureAwait(false);
        var id = await context.AddArtifactAsync("doc", "application/pdf", path, $"{PdfFile.Stem(files[0])}-merged.pdf", cancellationToken).ConfigureAwait(false);
        return new JsonObject { ["document"] = id, ["page_count"] = pages };
    }

    /// <summary>Every file input in order, named so that repeated names (a list input) each count: <c>pages[0]</c>, <c>pages[1]</c>.</summary>
    private static List<JsonNode?> FileInputs(ToolContext context)
    {
        var files = context.Run.Inputs.Where(i => i.Kind == Engine.InputKind.File).ToList();
        return [.. files.Select((f, i) => (JsonNode?)JsonValue.Create($"{f.Name}[{files.Take(i).Count(g => g.Name == f.Name)}]"))];
    }
}
