using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace Docket.Tools.Image;

/// <summary><c>image.thumbnail</c>: the image shrunk to fit a square, never enlarged.</summary>
public sealed class ThumbnailTool(IOptions<ImageToolOptions> options) : ITool
{
    public string Name => "image.thumbnail";

    public string Toolset => "image";

    public string Description => "Shrinks an image to fit in a 'size' × 'size' square (default 256), keeping the aspect ratio and never enlarging; PNG, or JPEG on request.";

    public JsonObject Parameters => ImageSchema.Properties(
        ("size", new JsonObject { ["type"] = "integer", ["minimum"] = 16, ["maximum"] = 4096, ["default"] = 256 }),
        ("format", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("png", "jpeg"), ["default"] = "png" }));

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var size = ToolArgs.Integer(arguments, Name, "size", 16, 4096) ?? 256;
        var format = ToolArgs.Choice(arguments, Name, "format", "png", "jpeg") ?? "png";
        using var image = ImageIo.Load(context, arguments, options.Value, out var file);
        var scale = Math.Min(1.0, (double)size / Math.Max(image.Width, image.Height));
        using var small = ResizeTool.Resize(image, new Size(
            Math.Max(1, (int)Math.Round(image.Width * scale, MidpointRounding.AwayFromZero)),
            Math.Max(1, (int)Math.Round(image.Height * scale, MidpointRounding.AwayFromZero))));
        string id;
        if (format == "jpeg")
        {
            var path = context.NewPath(".jpg");
            using var opaque = small.Channels() == 4 ? small.CvtColor(ColorConversionCodes.BGRA2BGR) : small.Clone();
            if (!Cv2.ImWrite(path, opaque, new ImageEncodingParam(ImwriteFlags.JpegQuality, 88)))
            {
                throw Docket.Engine.ExecutionFailedException.ToolError("The thumbnail could not be written as JPEG.");
            }

            id = await context.AddArtifactAsync("img", "image/jpeg", path, Path.GetFileNameWithoutExtension(file.FileName) + "-thumbnail.jpg", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            id = await ImageIo.SaveAsync(context, small, file, "thumbnail", cancellationToken).ConfigureAwait(false);
        }

        return ImageIo.Result(id, small);
    }
}
