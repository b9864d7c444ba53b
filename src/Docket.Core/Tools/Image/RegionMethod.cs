using System.Text.Json.Nodes;
using OpenCvSharp;

namespace Docket.Tools.Image;

/// <summary>The <c>method</c> and <c>cell</c> arguments of the tools that hide regions: blur (default) or pixelate.</summary>
internal readonly record struct RegionMethod(string Method, int Cell)
{
    public static JsonObject MethodSchema => new()
    {
        ["type"] = "string",
        ["enum"] = new JsonArray("blur", "pixelate"),
        ["default"] = "blur",
        ["description"] = "blur: a soft, featureless patch; pixelate: square blocks of one colour each.",
    };

    public static JsonObject CellSchema => new()
    {
        ["type"] = "integer",
        ["minimum"] = 2,
        ["maximum"] = 256,
        ["description"] = "Block size in pixels (default: 8 to blur; a tenth of the region's short side, at least 6, to pixelate).",
    };

    public static RegionMethod Read(JsonObject arguments, string tool) =>
        new(ToolArgs.Choice(arguments, tool, "method", "blur", "pixelate") ?? "blur", ToolArgs.Integer(arguments, tool, "cell", 2, 256) ?? 0);

    public void Apply(Mat image, Rect box)
    {
        if (Method == "pixelate")
        {
            RegionFilter.Pixelate(image, box, Cell > 0 ? Cell : Math.Max(6, Math.Min(box.Width, box.Height) / 10));
        }
        else
        {
            RegionFilter.Blur(image, box, Cell > 0 ? Cell : 8);
        }
    }
}
