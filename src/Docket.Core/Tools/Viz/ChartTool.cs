using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Docket.Engine;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace Docket.Tools.Viz;

/// <summary>
/// <c>viz.chart</c>: a bar, line, pie or scatter chart from JSON data, as a PNG artifact and/or
/// SVG text. The same data always gives the same bytes: one fixed font file, no clock, no
/// randomness, and PNG and SVG drawn by the same code.
/// </summary>
public sealed partial class ChartTool(IOptions<VizOptions> options) : ITool, IDisposable
{
    private readonly Lock _lock = new();
    private SKTypeface? _typeface;

    public string Name => "viz.chart";

    public string Toolset => "viz";

    public string Description => "Draws a bar, line, pie or scatter chart from data (labels and series of values, or points) as a PNG image and/or SVG.";

    public JsonObject Parameters => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("type"),
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("bar", "line", "pie", "scatter") },
            ["title"] = new JsonObject { ["type"] = "string" },
            ["x_label"] = new JsonObject { ["type"] = "string" },
            ["y_label"] = new JsonObject { ["type"] = "string" },
            ["labels"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" }, ["description"] = "Categories along x (bar, line) or slice names (pie)." },
            ["series"] = new JsonObject
            {
                ["type"] = "array",
                ["items"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject
                    {
                        ["name"] = new JsonObject { ["type"] = "string" },
                        ["values"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = new JsonArray("number", "null") }, ["description"] = "One value per label." },
                        ["points"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "number" } }, ["description"] = "[x, y] pairs (scatter, or a line over numbers)." },
                    },
                },
            },
            ["width"] = new JsonObject { ["type"] = "integer", ["minimum"] = 100, ["maximum"] = 4096, ["default"] = 800 },
            ["height"] = new JsonObject { ["type"] = "integer", ["minimum"] = 100, ["maximum"] = 4096, ["default"] = 500 },
            ["format"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("png", "svg", "both"), ["default"] = "png" },
        },
    };

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var format = ToolArgs.Choice(arguments, Name, "format", "png", "svg", "both") ?? "png";
        var spec = ChartSpecReader.Read(arguments);
        var renderer = new ChartRenderer(Typeface());

        var result = new JsonObject();
        if (format is "png" or "both")
        {
            var path = context.NewPath(".png");
            await File.WriteAllBytesAsync(path, Png(spec, renderer), cancellationToken).ConfigureAwait(false);
            result["image"] = await context.AddArtifactAsync("img", "image/png", path, "chart.png", cancellationToken).ConfigureAwait(false);
        }

        if (format is "svg" or "both")
        {
            result["svg"] = Svg(spec, renderer);
        }

        result["width"] = spec.Width;
        result["height"] = spec.Height;
        return result;
    }

    internal static byte[] Png(ChartSpec spec, ChartRenderer renderer)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(renderer);
        using var surface = SKSurface.Create(new SKImageInfo(spec.Width, spec.Height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw ExecutionFailedException.ToolError("viz.chart: no drawing surface could be made.");
        renderer.Draw(spec, surface.Canvas);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    internal static string Svg(ChartSpec spec, ChartRenderer renderer)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(renderer);
        using var buffer = new MemoryStream();
        using (var stream = new SKManagedWStream(buffer))
        {
            // The SVG is complete only once its canvas is disposed.
            using var canvas = SKSvgCanvas.Create(new SKRect(0, 0, spec.Width, spec.Height), stream);
            renderer.Draw(spec, canvas);
        }

        return NumberClipsInOrder(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>
    /// Skia names SVG clip paths from a process-wide counter (<c>cl_17</c>); renumbered from 1 in
    /// order of appearance, the same chart is the same text in every run.
    /// </summary>
    private static string NumberClipsInOrder(string svg)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        return ClipId().Replace(svg, match =>
        {
            if (!numbers.TryGetValue(match.Groups[2].Value, out var number))
            {
                number = numbers[match.Groups[2].Value] = numbers.Count + 1;
            }

            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{match.Groups[1].Value}cl_{number}");
        });
    }

    [GeneratedRegex(@"(id=""|url\(#)cl_(\d+)")]
    private static partial Regex ClipId();

    public void Dispose() => _typeface?.Dispose();

    private SKTypeface Typeface()
    {
        lock (_lock)
        {
            if (_typeface is null)
            {
                var file = options.Value.FontFile;
                _typeface = File.Exists(file) ? SKTypeface.FromFile(file) : null;
                if (_typeface is null)
                {
                    throw ExecutionFailedException.ToolError($"The chart font {file} is missing or unreadable; install the fonts-dejavu-core package or set Docket:Viz:FontFile.");
                }
            }

            return _typeface;
        }
    }
}
