using System.Text.Json.Nodes;
using Docket.Engine.Ocr;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace Docket.Tools.Image;

/// <summary>
/// <c>image.redact_text</c>: text found by OCR painted over with solid boxes. With
/// <c>patterns</c> (regular expressions) or <c>text</c> (words or phrases, any case) only what
/// matches is covered, matched across the words of each line; with neither, every word is.
/// </summary>
public sealed class RedactTextTool(TesseractOcr ocr, IOptions<ImageToolOptions> options) : ITool
{
    public string Name => "image.redact_text";

    public string Toolset => "image";

    public string Description => "Finds text in an image with OCR and covers it with solid boxes: the words matching 'patterns' (regular expressions) or 'text' (phrases, any case), or every word when neither is given. Returns PNG and what was covered.";

    public JsonObject Parameters => ImageSchema.Properties(
        ("patterns", TextMatches.PatternsSchema),
        ("text", TextMatches.TextSchema),
        ("colour", ImageSchema.Colour("black")),
        ("padding", new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = 50, ["default"] = 2, ["description"] = "Pixels added around each covered box." }));

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var matchers = TextMatches.Matchers(arguments, Name);
        var colour = ImageSchema.ReadColour(arguments, Name, "colour", "black");
        var padding = ToolArgs.Integer(arguments, Name, "padding", 0, 50) ?? 2;
        var page = await OcrTool.ReadAsync(ocr, context, arguments, options.Value, cancellationToken).ConfigureAwait(false);
        using var image = ImageIo.Load(context, arguments, options.Value, out var file);

        var redactions = new JsonArray();
        foreach (var line in page.Lines)
        {
            foreach (var (text, words) in TextMatches.Find(line, matchers, Name))
            {
                var box = words.Select(w => w.Box).Aggregate((a, b) => a.Union(b));
                var rect = new Rect(
                    (int)Math.Floor(box.Left) - padding,
                    (int)Math.Floor(box.Top) - padding,
                    (int)Math.Ceiling(box.Width) + (2 * padding) + 1,
                    (int)Math.Ceiling(box.Height) + (2 * padding) + 1);
                RegionFilter.Fill(image, rect, colour);
                redactions.Add(new JsonObject { ["text"] = text, ["box"] = ImageSchema.ToJson(RegionFilter.Clamp(rect, image.Width, image.Height)) });
            }
        }

        var result = ImageIo.Result(await ImageIo.SaveAsync(context, image, file, "redacted", cancellationToken).ConfigureAwait(false), image);
        result["redactions"] = redactions;
        return result;
    }
}
