using System.Text.Json.Nodes;
using Docket.Engine;
using Docket.Engine.Ocr;
using Docket.Engine.Readers;
using Docket.Tools.Image;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace Docket.Tools.Document;

/// <summary>
/// <c>document.redact</c>: the text matching <c>patterns</c> or <c>text</c> covered on every page
/// of a PDF. Words are found in the text layer (or by OCR on scanned pages); each page is
/// rendered, the matches painted over, and the pages written as a new image-only PDF, so the
/// covered text is gone from the file, not just hidden under a box.
/// </summary>
public sealed class RedactTool(DocumentReader reader, IOptions<OcrOptions> ocr) : ITool
{
    public string Name => "document.redact";

    public string Toolset => "document";

    public string Description => "Covers the text matching 'patterns' (regular expressions) or 'text' (phrases, any case) on every page of a PDF and returns a new PDF of page images, so the covered text is removed, not hidden; lists what was covered with page and box (in points).";

    public JsonObject Parameters => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["document"] = PdfFile.FileArgument,
            ["patterns"] = TextMatches.PatternsSchema,
            ["text"] = TextMatches.TextSchema,
            ["dpi"] = new JsonObject { ["type"] = "integer", ["minimum"] = 72, ["maximum"] = 300, ["default"] = 150, ["description"] = "Resolution of the page images of the new PDF." },
            ["colour"] = ImageSchema.Colour("black"),
        },
    };

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var matchers = TextMatches.Matchers(arguments, Name) ?? throw ToolArgs.Bad(Name, "patterns", "or 'text' is required: say what to cover");
        var dpi = ToolArgs.Integer(arguments, Name, "dpi", 72, 300) ?? 150;
        var colour = ImageSchema.ReadColour(arguments, Name, "colour", "black");
        var file = PdfFile.Resolve(context, arguments["document"], "document");
        var count = await PdfFile.PageCountAsync(context, file, cancellationToken).ConfigureAwait(false);
        if (count > RenderPagesTool.MaxRenderedPages)
        {
            throw ExecutionFailedException.InvalidInput($"{file.FileName} has {count} pages; document.redact takes at most {RenderPagesTool.MaxRenderedPages}.");
        }

        var layout = await reader.ReadAsync(new ExecutionInput("document", InputKind.File) { Path = file.Path, FileName = file.FileName, ContentType = "application/pdf" }, cancellationToken).ConfigureAwait(false);
        var redactions = new JsonArray();
        var images = new List<Mat>();
        try
        {
            foreach (var page in layout.Pages)
            {
                var path = await RenderPagesTool.RenderAsync(context, ocr.Value.Pdftoppm, file, page.Number, dpi, gray: false, cancellationToken).ConfigureAwait(false);
                var image = ImageFile.Read(path, long.MaxValue, file.FileName);
                images.Add(image);
                var scale = image.Width / page.Width;
                foreach (var line in page.Lines)
                {
                    foreach (var (text, words) in TextMatches.Find(line, matchers, Name))
                    {
                        var box = words.Select(w => w.Box).Aggregate((a, b) => a.Union(b));
                        var rect = new Rect(
                            (int)Math.Floor(box.Left * scale) - 2,
                            (int)Math.Floor(box.Top * scale) - 2,
                            (int)Math.Ceiling(box.Width * scale) + 5,
                            (int)Math.Ceiling(box.Height * scale) + 5);
                        RegionFilter.Fill(image, rect, colour);
                        redactions.Add(new JsonObject
                        {
                            ["page"] = page.Number,
                            ["text"] = text,
                            ["box"] = new JsonArray(Round(box.Left), Round(box.Top), Round(box.Right), Round(box.Bottom)),
                        });
                    }
                }
            }

            var output = context.NewPath(".pdf");
            ImagePdfWriter.Write(output, images, dpi);
            var id = await context.AddArtifactAsync("doc", "application/pdf", output, $"{PdfFile.Stem(file)}-redacted.pdf", cancellationToken).ConfigureAwait(false);
            return new JsonObject { ["document"] = id, ["page_count"] = images.Count, ["redactions"] = redactions };
        }
        finally
        {
            foreach (var image in images)
            {
                image.Dispose();
            }
        }
    }

    private static double Round(double value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);
}
