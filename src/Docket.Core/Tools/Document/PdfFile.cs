using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Docket.Engine;

namespace Docket.Tools.Document;

/// <summary>
/// What the document tools share: the PDF a <c>document</c> argument names, its page count (from
/// poppler's <c>pdfinfo</c>), page selections such as <c>"1-3,5"</c>, and the artifact names.
/// </summary>
internal static partial class PdfFile
{
    public const int MaxPages = 2000;

    public static JsonObject FileArgument => new()
    {
        ["type"] = "string",
        ["description"] = "The PDF: an input name or an earlier artifact id (doc_…); the only file input when left out.",
    };

    public static JsonObject PagesArgument => new()
    {
        ["type"] = "string",
        ["description"] = "Pages to use, 1-based: \"1-3,5\", \"2-\" (to the end); all pages when left out.",
    };

    /// <summary>The PDF the argument names; anything that is not a PDF fails as invalid_input.</summary>
    public static ToolFile Resolve(ToolContext context, JsonNode? argument, string name)
    {
        var file = context.ResolveFile(argument, name);
        Span<byte> header = stackalloc byte[1024];
        int read;
        using (var stream = File.OpenRead(file.Path))
        {
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        return header[..read].IndexOf("%PDF-"u8) >= 0
            ? file
            : throw ExecutionFailedException.InvalidInput($"{file.FileName} is not a PDF.");
    }

    /// <summary>The number of pages, as pdfinfo reads it.</summary>
    public static async Task<int> PageCountAsync(ToolContext context, ToolFile file, CancellationToken cancellationToken)
    {
        string info;
        try
        {
            info = await context.RunProcessAsync("pdfinfo", [file.Path], cancellationToken).ConfigureAwait(false);
        }
        catch (ExecutionFailedException failure) when (failure.Code == ErrorCodes.ToolError && failure.Message.StartsWith("pdfinfo failed", StringComparison.Ordinal))
        {
            throw ExecutionFailedException.InvalidInput($"{file.FileName} is not a readable PDF ({failure.Message}).");
        }

        var match = PagesLine().Match(info);
        var count = match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return count switch
        {
            0 => throw ExecutionFailedException.InvalidInput($"{file.FileName} is a PDF without pages."),
            > MaxPages => throw ExecutionFailedException.InvalidInput($"{file.FileName} has {count} pages; the document tools take at most {MaxPages}."),
            _ => count,
        };
    }

    /// <summary>The pages a selection such as <c>"1-3,5"</c> names, in the order written; all pages for none.</summary>
    public static List<int> Pages(JsonObject arguments, string tool, string name, int count)
    {
        var text = ToolArgs.Text(arguments, tool, name);
        return text is null ? [.. Enumerable.Range(1, count)] : Ranges(text, tool, name, count).SelectMany(r => Enumerable.Range(r.First, r.Last - r.First + 1)).ToList();
    }

    /// <summary>The ranges of a selection, each checked against the page count.</summary>
    public static List<(int First, int Last)> Ranges(string text, string tool, string name, int count)
    {
        var ranges = new List<(int, int)>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var match = RangePart().Match(part);
            if (!match.Success)
            {
                throw ToolArgs.Bad(tool, name, $"must be pages and ranges such as \"1-3,5\" or \"2-\", not '{text}'");
            }

            var first = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var last = match.Groups[2].Success ? (match.Groups[3].Success ? int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) : count) : first;
            if (first < 1 || last > count || last < first)
            {
                throw ToolArgs.Bad(tool, name, $"asks for pages {part}, but the document has {count}");
            }

            ranges.Add((first, last));
        }

        return ranges;
    }

    public static string Stem(ToolFile file)
    {
        var stem = Path.GetFileNameWithoutExtension(file.FileName);
        return stem.Length == 0 ? "document" : stem;
    }

    public static string Range(int first, int last) =>
        first == last ? first.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{first}-{last}");

    public static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    [GeneratedRegex(@"(?m)^Pages:\s+(\d+)\s*$")]
    private static partial Regex PagesLine();

    [GeneratedRegex(@"^(\d{1,5})(-(\d{1,5})?)?$")]
    private static partial Regex RangePart();
}
