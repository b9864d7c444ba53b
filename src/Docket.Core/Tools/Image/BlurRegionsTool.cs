using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Docket.Tools.Image;

/// <summary><c>image.blur</c>: the given regions blurred or pixelated, everything else untouched.</summary>
public sealed class BlurRegionsTool(IOptions<ImageToolOptions> options) : ITool
{
    public string Name => "image.blur";

    public string Toolset => "image";

    public string Description => "Blurs or pixelates the given regions of an image; returns it as PNG of the same size, unchanged outside the regions.";

    public JsonObject Parameters
    {
        get
        {
            var schema = ImageSchema.Properties(
                ("boxes", ImageSchema.Boxes("The regions to hide.")),
                ("method", RegionMethod.MethodSchema),
                ("cell", RegionMethod.CellSchema));
            schema["required"] = new JsonArray("boxes");
            return schema;
        }
    }

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var boxes = ImageSchema.ReadBoxes(arguments, Name, "boxes", required: true);
        var method = RegionMethod.Read(arguments, Name);
        using var image = ImageIo.Load(context, arguments, options.Value, out var file);
        foreach (var (box, _) in boxes)
        {
            method.Apply(image, box);
        }

        var result = ImageIo.Result(await ImageIo.SaveAsync(context, image, file, method.Method == "pixelate" ? "pixelated" : "blurred", cancellationToken).ConfigureAwait(false), image);
        result["regions"] = boxes.Count;
        return result;
    }
}
