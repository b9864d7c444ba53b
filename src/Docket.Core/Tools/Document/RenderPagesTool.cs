using System.Globalization;
using System.Text.Json.Nodes;
using Docket.Engine.Ocr;
using Docket.Tools.Image;
using Microsoft.Extensions.Options;

namespace Docket.Tools.Document;

/// <summary><c>document.render_pages</c>: PDF pages as PNG images, drawn by poppler's pdftoppm.</summary>
public sealed class RenderPagesTool(IOptions<OcrOptions> ocr) : ITool
{
    public const int MaxRenderedPages = 200;

    public string Name => "document.render_pages";

    public string Toolset => "document";

    public string Description => "Renders pages of a PDF to PNG images at 'dpi' (default 150): every page, or those 'pages' names (\"1-3,5\").";

    public JsonObject Parameters => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["document"] = PdfFile.FileArgument,
            ["pages"] = PdfFile.PagesArgument,
            ["dpi"] = new JsonObject { ["type"] = "integer", ["minimum"] = 36, ["maximum"] = 600, ["default"] = 150 },
            ["gray"] = new JsonObject { ["type"] = "boolean", ["default"] = false, ["description"] = "Render in shades of grey." },
        },
    };

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var dpi = ToolArgs.Integer(arguments, Name, "dpi", 36, 600) ?? 150;
        var gray = ToolArgs.Flag(arguments, Name, "gray") ?? false;
        var file = PdfFile.Resolve(context, arguments["document"], "document");
        var count = await PdfFile.PageCountAsync(context, file, cancellationToken).ConfigureAwait(false);
        var pages = PdfFile.Pages(arguments, Name, "pages", count);
        if (pages.Count > MaxRenderedPages)
        {
            throw ToolArgs.Bad(Name, "pages", $"names {pages.Count} pages; at most {MaxRenderedPages} are rendered at once");
        }

        var rendered = new JsonArray();
        foreach (var page in pages)
        {
            var path = await RenderAsync(context, ocr.Value.Pdftoppm, file, page, dpi, gray, cancellationToken).ConfigureAwait(false);
            using var image = ImageFile.Read(path, long.MaxValue, file.FileName);
            var id = await context.AddArtifactAsync("img", "image/png", path, string.Create(CultureInfo.InvariantCulture, $"{PdfFile.Stem(file)}-page-{page:D3}.png"), cancellationToken).ConfigureAwait(false);
            rendered.Add(new JsonObject { ["page"] = page, ["image"] = id, ["width"] = image.Width, ["height"] = image.Height });
        }

        return new JsonObject { ["pages"] = rendered, ["page_count"] = count, ["dpi"] = dpi };
    }

    /// <summary>Renders one page to a PNG in the scratch directory and returns its path.</summary>
    internal static async Task<string> RenderAsync(ToolContext context, string pdftoppm, ToolFile file, int page, int dpi, bool gray, CancellationToken cancellationToken)
    {
        var prefix = context.NewPath(string.Empty);
        var number = page.ToString(CultureInfo.InvariantCulture);
        List<string> arguments = ["-r", dpi.ToString(CultureInfo.InvariantCulture), "-f", number, "-l", number, "-png", "-singlefile"];
        if (gray)
        {
            arguments.Add("-gray");
        }

        arguments.AddRange([file.Path, prefix]);
        await context.RunProcessAsync(pdftoppm, arguments, cancellationToken).ConfigureAwait(false);
        return prefix + ".png";
    }
}
