using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace Docket.Tools.Image;

/// <summary><c>image.crop</c>: the part of an image inside a box, pixels copied as they are.</summary>
public sealed class CropTool(IOptions<ImageToolOptions> options) : ITool
{
    public string Name => "image.crop";

    public string Toolset => "image";

    public string Description => "Cuts out the part of an image inside a box [left, top, right, bottom] (clipped to the image); returns it as PNG.";

    public JsonObject Parameters
    {
        get
        {
            var schema = ImageSchema.Properties(("box", ImageSchema.Box));
            schema["required"] = new JsonArray("box");
            return schema;
        }
    }

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var requested = arguments["box"] is null ? throw ToolArgs.Bad(Name, "box", "is required") : ImageSchema.ReadBox(arguments["box"], Name, "box");
        using var image = ImageIo.Load(context, arguments, options.Value, out var file);
        var box = RegionFilter.Clamp(requested, image.Width, image.Height);
        if (box.Width < 1 || box.Height < 1)
        {
            throw ToolArgs.Bad(Name, "box", $"lies outside the {image.Width}x{image.Height} image");
        }

        using var cropped = new Mat(image, box).Clone();
        var result = ImageIo.Result(await ImageIo.SaveAsync(context, cropped, file, "cropped", cancellationToken).ConfigureAwait(false), cropped);
        result["box"] = ImageSchema.ToJson(box);
        return result;
    }
}
