using System.Text.Json.Nodes;
using Docket.Engine.Ocr;
using Docket.Engine.Readers;
using Microsoft.Extensions.Options;

namespace Docket.Tools.Image;

/// <summary><c>image.ocr</c>: the text of an image read by Tesseract, line by line, with word boxes in pixels.</summary>
public sealed class OcrTool(TesseractOcr ocr, IOptions<ImageToolOptions> options) : ITool
{
    public string Name => "image.ocr";

    public string Toolset => "image";

    public string Description => "Reads the text in an image with OCR: the whole text, and each line with its words, every one with a box [left, top, right, bottom] in pixels.";

    public JsonObject Parameters => ImageSchema.Properties();

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var page = await ReadAsync(ocr, context, arguments, options.Value, cancellationToken).ConfigureAwait(false);
        return new JsonObject
        {
            ["text"] = page.Text,
            ["lines"] = new JsonArray([.. page.Lines.Select(line => (JsonNode)new JsonObject
            {
                ["text"] = line.Text,
                ["box"] = Box(line.Box),
                ["words"] = new JsonArray([.. line.Words.Select(word => (JsonNode)new JsonObject { ["text"] = word.Text, ["box"] = Box(word.Box) })]),
            })]),
            ["width"] = (int)page.Width,
            ["height"] = (int)page.Height,
        };
    }

    /// <summary>Checks that the argument is an image this server decodes, then reads it with Tesseract.</summary>
    internal static async Task<LayoutPage> ReadAsync(TesseractOcr ocr, ToolContext context, JsonObject arguments, ImageToolOptions options, CancellationToken cancellationToken)
    {
        ToolFile file;
        using (ImageIo.Load(context, arguments, options, out file))
        {
            // Decoding proves it is an image within the size limit before tesseract sees it.
        }

        return await ocr.RecognizeFileAsync(file.Path, file.FileName, cancellationToken).ConfigureAwait(false);
    }

    internal static JsonArray Box(LayoutBox box) => new(
        (int)Math.Floor(box.Left), (int)Math.Floor(box.Top), (int)Math.Ceiling(box.Right), (int)Math.Ceiling(box.Bottom));
}
