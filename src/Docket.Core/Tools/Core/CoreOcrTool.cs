using System.Text.Json.Nodes;
using Docket.Engine;
using Docket.Engine.Agents;
using Docket.Engine.Ocr;
using Docket.Engine.Readers;
using Docket.Tools.Document;
using Docket.Tools.Image;
using Microsoft.Extensions.Options;

namespace Docket.Tools.Core;

/// <summary>
/// <c>core.ocr</c>: text recognised by Tesseract on an image or on every page of a PDF, whether
/// or not the PDF has a text layer (what a reader sees on the page, not what the file claims).
/// </summary>
public sealed class CoreOcrTool(TesseractOcr ocr, IOptions<ImageToolOptions> images) : ITool
{
    public string Name => "core.ocr";

    public string Toolset => "core";

    public string Description => "Reads the text of an image, or of every page of a PDF, with OCR (Tesseract): each page's text and its words with boxes (pixels for images, points for PDFs).";

    public JsonObject Parameters => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject { ["document"] = CoreInputs.DocumentArgument },
    };

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var file = context.ResolveFile(arguments["document"], "document");
        IReadOnlyList<LayoutPage> pages;
        if (IsPdf(file.Path))
        {
            var count = await PdfFile.PageCountAsync(context, file, cancellationToken).ConfigureAwait(false);
            if (count > RenderPagesTool.MaxRenderedPages)
            {
                throw ExecutionFailedException.InvalidInput($"{file.FileName} has {count} pages; core.ocr reads at most {RenderPagesTool.MaxRenderedPages}.");
            }

            var read = await ocr.RecognizePdfPagesAsync(file.Path, [.. Enumerable.Range(1, count)], context.WorkDirectory, cancellationToken).ConfigureAwait(false);
            pages = [.. read.OrderBy(p => p.Key).Select(p => p.Value)];
        }
        else
        {
            using (ImageFile.Read(file.Path, images.Value.MaxPixels, file.FileName))
            {
                // Decoding proves it is an image within the size limit before tesseract sees it.
            }

            pages = [await ocr.RecognizeFileAsync(file.Path, file.FileName, cancellationToken).ConfigureAwait(false)];
        }

        return new JsonObject
        {
            ["text"] = string.Join("\n\n", pages.Select(p => p.Text)),
            ["pages"] = new JsonArray([.. pages.Select(p => (JsonNode)new JsonObject
            {
                ["number"] = p.Number,
                ["text"] = p.Text,
                ["words"] = DocumentOcrAgent.Words(p),
            })]),
        };
    }

    private static bool IsPdf(string path)
    {
        Span<byte> header = stackalloc byte[5];
        using var stream = File.OpenRead(path);
        return stream.ReadAtLeast(header, 5, throwOnEndOfStream: false) == 5 && header.SequenceEqual("%PDF-"u8);
    }
}
