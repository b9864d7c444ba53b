using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace Docket.Tools.Image;

/// <summary><c>image.annotate</c>: boxes drawn on the image, each with its label above it.</summary>
public sealed class AnnotateTool(IOptions<ImageToolOptions> options) : ITool
{
    public string Name => "image.annotate";

    public string Toolset => "image";

    public string Description => "Draws boxes on an image, each with an optional label on a filled tab above it (the faces of image.detect_faces fit as they are); returns PNG.";

    public JsonObject Parameters
    {
        get
        {
            var schema = ImageSchema.Properties(
                ("boxes", ImageSchema.Boxes("The boxes to draw.")),
                ("colour", ImageSchema.Colour("red")),
                ("thickness", new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 50, ["description"] = "Line width in pixels (default: about 1/300 of the image's long side, at least 2)." }));
            schema["required"] = new JsonArray("boxes");
            return schema;
        }
    }

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var boxes = ImageSchema.ReadBoxes(arguments, Name, "boxes", required: true);
        var colour = ImageSchema.ReadColour(arguments, Name, "colour", "red");
        var thicknessArgument = ToolArgs.Integer(arguments, Name, "thickness", 1, 50);
        using var source = ImageIo.Load(context, arguments, options.Value, out var file);

        // Colour boxes need colour channels, whatever the input had.
        using var image = source.Channels() switch
        {
            1 => source.CvtColor(ColorConversionCodes.GRAY2BGR),
            _ => source.Clone(),
        };
        var thickness = thicknessArgument ?? Math.Max(2, Math.Max(image.Width, image.Height) / 300);
        var ink = RegionFilter.Colour(colour, image.Channels());
        var textColour = RegionFilter.Colour((0.299 * colour.Val2) + (0.587 * colour.Val1) + (0.114 * colour.Val0) > 150 ? Scalar.All(0) : Scalar.All(255), image.Channels());
        var fontScale = Math.Max(0.4, Math.Max(image.Width, image.Height) / 1400.0);
        foreach (var (box, label) in boxes)
        {
            Cv2.Rectangle(image, box, ink, thickness, LineTypes.Link8);
            if (!string.IsNullOrEmpty(label))
            {
                var text = Printable(label);
                var size = Cv2.GetTextSize(text, HersheyFonts.HersheySimplex, fontScale, 1, out var baseline);
                var top = box.Top - size.Height - baseline - 4 >= 0 ? box.Top - size.Height - baseline - 4 : box.Top;
                Cv2.Rectangle(image, new Rect(box.Left, top, size.Width + 6, size.Height + baseline + 4), ink, -1, LineTypes.Link8);
                Cv2.PutText(image, text, new Point(box.Left + 3, top + size.Height + 2), HersheyFonts.HersheySimplex, fontScale, textColour, 1, LineTypes.Link8);
            }
        }

        var result = ImageIo.Result(await ImageIo.SaveAsync(context, image, file, "annotated", cancellationToken).ConfigureAwait(false), image);
        result["boxes"] = boxes.Count;
        return result;
    }

    /// <summary>OpenCV's Hershey fonts draw ASCII only: anything else becomes '?'.</summary>
    private static string Printable(string label) =>
        new([.. label.Take(200).Select(c => c is >= ' ' and <= '~' ? c : '?')]);
}
