using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Docket.Tools.Image;

/// <summary><c>image.grayscale</c>: the image in shades of grey, as an 8-bit single-channel PNG.</summary>
public sealed class GrayscaleTool(IOptions<ImageToolOptions> options) : ITool
{
    public string Name => "image.grayscale";

    public string Toolset => "image";

    public string Description => "Converts an image to shades of grey (ITU-R BT.601 weights); returns an 8-bit greyscale PNG of the same size.";

    public JsonObject Parameters => ImageSchema.Properties();

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        using var image = ImageIo.Load(context, arguments, options.Value, out var file);
        using var gray = ImageFile.ToGray(image);
        return ImageIo.Result(await ImageIo.SaveAsync(context, gray, file, "gray", cancellationToken).ConfigureAwait(false), gray);
    }
}
