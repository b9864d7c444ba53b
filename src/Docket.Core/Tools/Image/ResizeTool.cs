using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace Docket.Tools.Image;

/// <summary><c>image.resize</c>: the image scaled to a width, a height or by a factor.</summary>
public sealed class ResizeTool(IOptions<ImageToolOptions> options) : ITool
{
    public string Name => "image.resize";

    public string Toolset => "image";

    public string Description => "Scales an image to 'width' and/or 'height' in pixels (one alone keeps the aspect ratio) or by 'scale'; returns it as PNG.";

    public JsonObject Parameters => ImageSchema.Properties(
        ("width", new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 16384 }),
        ("height", new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 16384 }),
        ("scale", new JsonObject { ["type"] = "number", ["exclusiveMinimum"] = 0, ["maximum"] = 16 }));

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var width = ToolArgs.Integer(arguments, Name, "width", 1, 16384);
        var height = ToolArgs.Integer(arguments, Name, "height", 1, 16384);
        var scale = ToolArgs.Number(arguments, Name, "scale", 0.0001, 16);
        if (width is null && height is null && scale is null)
        {
            throw ToolArgs.Bad(Name, "width", "or 'height' or 'scale' is required");
        }

        if (scale is not null && (width is not null || height is not null))
        {
            throw ToolArgs.Bad(Name, "scale", "cannot be combined with 'width' or 'height'");
        }

        using var image = ImageIo.Load(context, arguments, options.Value, out var file);
        var size = scale is { } s
            ? new Size(Side(image.Width * s), Side(image.Height * s))
            : new Size(width ?? Side(image.Width * (double)height!.Value / image.Height), height ?? Side(image.Height * (double)width!.Value / image.Width));
        if ((long)size.Width * size.Height > options.Value.MaxPixels)
        {
            throw ToolArgs.Bad(Name, "scale", $"would make an image of more than {options.Value.MaxPixels} pixels");
        }

        using var resized = Resize(image, size);
        return ImageIo.Result(await ImageIo.SaveAsync(context, resized, file, "resized", cancellationToken).ConfigureAwait(false), resized);
    }

    /// <summary>Area averaging to shrink (no aliasing), bicubic to enlarge.</summary>
    internal static Mat Resize(Mat image, Size size)
    {
        var resized = new Mat();
        var shrinking = (long)size.Width * size.Height < (long)image.Width * image.Height;
        Cv2.Resize(image, resized, size, 0, 0, shrinking ? InterpolationFlags.Area : InterpolationFlags.Cubic);
        return resized;
    }

    private static int Side(double value) => Math.Clamp((int)Math.Round(value, MidpointRounding.AwayFromZero), 1, 16384);
}
