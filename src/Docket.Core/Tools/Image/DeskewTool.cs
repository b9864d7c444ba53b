using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace Docket.Tools.Image;

/// <summary>
/// <c>image.deskew</c>: straightens a scanned page. The skew is the angle at which the rows of
/// dark pixels line up best: the ink is turned through candidate angles and the one whose
/// row sums vary the most (text lines sharp, gaps between them empty) wins, coarse then fine.
/// </summary>
public sealed class DeskewTool(IOptions<ImageToolOptions> options) : ITool
{
    private const int SearchSide = 800;

    public string Name => "image.deskew";

    public string Toolset => "image";

    public string Description => "Straightens a scanned page or photo of text: measures how far its text lines are tilted (up to 'max_angle' degrees) and turns it back; returns PNG and the angle it was turned by (clockwise).";

    public JsonObject Parameters => ImageSchema.Properties(
        ("max_angle", new JsonObject { ["type"] = "number", ["minimum"] = 1, ["maximum"] = 45, ["default"] = 15 }),
        ("background", ImageSchema.Colour("white")));

    public async Task<JsonObject> RunAsync(ToolContext context, JsonObject arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(arguments);
        var maxAngle = ToolArgs.Number(arguments, Name, "max_angle", 1, 45) ?? 15;
        var background = ImageSchema.ReadColour(arguments, Name, "background", "white");
        using var image = ImageIo.Load(context, arguments, options.Value, out var file);
        var skew = Measure(image, maxAngle);
        using var straight = Rotation.Rotate(image, -skew, background);
        var result = ImageIo.Result(await ImageIo.SaveAsync(context, straight, file, "deskewed", cancellationToken).ConfigureAwait(false), straight);
        result["angle"] = -skew;
        return result;
    }

    /// <summary>How many degrees clockwise the text lines are turned (0 for a page with no ink).</summary>
    internal static double Measure(Mat image, double maxAngle)
    {
        using var gray = ImageFile.ToGray(image);
        var scale = Math.Min(1.0, (double)SearchSide / Math.Max(gray.Width, gray.Height));
        using var small = new Mat();
        Cv2.Resize(gray, small, new Size(Math.Max(1, (int)Math.Round(gray.Width * scale)), Math.Max(1, (int)Math.Round(gray.Height * scale))), 0, 0, InterpolationFlags.Area);
        using var ink = new Mat();
        Cv2.Threshold(small, ink, 0, 255, ThresholdTypes.BinaryInv | ThresholdTypes.Otsu);
        if (Cv2.CountNonZero(ink) == 0)
        {
            return 0;
        }

        var best = Search(ink, -maxAngle, maxAngle, 1.0, 0);
        best = Search(ink, best - 1, best + 1, 0.1, best);
        return Math.Round(best, 1, MidpointRounding.AwayFromZero);
    }

    private static double Search(Mat ink, double from, double to, double step, double fallback)
    {
        var (best, bestScore) = (fallback, double.MinValue);
        var count = (int)Math.Round((to - from) / step);
        for (var i = 0; i <= count; i++)
        {
            var angle = Math.Round(from + (i * step), 2);
            var score = Sharpness(ink, angle);
            if (score > bestScore + 1e-9)
            {
                (best, bestScore) = (angle, score);
            }
        }

        return best;
    }

    /// <summary>The variance of the row sums once the ink is turned back by <paramref name="angle"/>.</summary>
    private static double Sharpness(Mat ink, double angle)
    {
        using var turned = Rotation.Rotate(ink, -angle, Scalar.All(0));
        using var rows = new Mat();
        Cv2.Reduce(turned, rows, ReduceDimension.Column, ReduceTypes.Sum, MatType.CV_64F);
        Cv2.MeanStdDev(rows, out _, out var deviation);
        return deviation.Val0 * deviation.Val0;
    }
}
