using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Docket.Tools.Image;

/// <summary><c>image.rotate</c>: the image turned clockwise by an angle.</summary>
public sealed class RotateTool(IOptions<ImageToolOptions> options) : ITool
{
    public string Name => "image.rotate";

    public string Toolset => "image";

    public string Description => "Turns an image clockwise by 'angle' degrees: quarter turns move pixels exactly; other angles enlarge the canvas to keep the whole image, filling the corners with 'background'. Returns PNG.";

    public JsonObject Parameters
    {
        get
        {
            var schema = ImageSchema.Properties(
                ("angle", new JsonObject { ["type"] = "number", ["minimum"] = -360, ["maximum"] = 360, ["description"] = "Degrees clockwise; negative turns counter-clockwise." }),
                ("background", ImageSchema.Colour("white")));
            schema["required"] = new JsonArray("angle");
            return schema;
        }
    }

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var angle = ToolArgs.Number(arguments, Name, "angle", -360, 360) ?? throw ToolArgs.Bad(Name, "angle", "is required");
        var background = ImageSchema.ReadColour(arguments, Name, "background", "white");
        using var image = ImageIo.Load(context, arguments, options.Value, out var file);
        using var rotated = Rotation.Rotate(image, angle, background);
        return ImageIo.Result(await ImageIo.SaveAsync(context, rotated, file, "rotated", cancellationToken).ConfigureAwait(false), rotated);
    }
}
