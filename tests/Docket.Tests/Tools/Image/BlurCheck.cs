using System.Text.Json.Nodes;
using OpenCvSharp;

namespace Docket.Tests.Tools.Image;

/// <summary>
/// The acceptance check of a face-blurred image: decoded, it has the original's size and
/// channels; the pixel variance inside each face box drops by at least 80 %; outside the boxes
/// the mean absolute difference stays under one grey level.
/// </summary>
internal static class BlurCheck
{
    public static Rect Box(JsonNode face)
    {
        var b = face["box"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();
        return new Rect(b[0], b[1], b[2] - b[0], b[3] - b[1]);
    }

    public static void AssertFacesHidden(string originalPath, byte[] output, IReadOnlyList<Rect> boxes, bool varianceDrops = true)
    {
        using var original = Cv2.ImRead(originalPath, ImreadModes.Unchanged);
        using var result = Cv2.ImDecode(output, ImreadModes.Unchanged);
        Assert.False(result.Empty(), "the output does not decode as an image");
        Assert.Equal((original.Width, original.Height, original.Channels()), (result.Width, result.Height, result.Channels()));
        Assert.NotEmpty(boxes);

        using var outside = new Mat(original.Size(), MatType.CV_8UC1, Scalar.All(255));
        foreach (var box in boxes)
        {
            var before = GreyVariance(original, box);
            var after = GreyVariance(result, box);
            Assert.True(!varianceDrops || after <= 0.2 * before, $"variance in {box} only fell from {before:0.0} to {after:0.0}");
            using var region = new Mat(outside, box);
            region.SetTo(Scalar.All(0));
        }

        using var difference = new Mat();
        Cv2.Absdiff(original, result, difference);
        var mean = Cv2.Mean(difference, outside);
        for (var c = 0; c < original.Channels(); c++)
        {
            Assert.True(mean[c] < 1, $"mean difference outside the faces is {mean[c]:0.000} in channel {c}");
        }
    }

    private static double GreyVariance(Mat image, Rect box)
    {
        using var region = new Mat(image, box);
        using var grey = new Mat();
        if (region.Channels() == 1)
        {
            region.CopyTo(grey);
        }
        else
        {
            Cv2.CvtColor(region, grey, region.Channels() == 4 ? ColorConversionCodes.BGRA2GRAY : ColorConversionCodes.BGR2GRAY);
        }

        Cv2.MeanStdDev(grey, out _, out var deviation);
        return deviation.Val0 * deviation.Val0;
    }
}
