using OpenCvSharp;

namespace Docket.Tools.Image;

/// <summary>
/// What the image and video tools do to one region of an image, in place: blur it beyond
/// recognition, pixelate it, or fill it. Pixels outside the region are never touched.
/// </summary>
public static class RegionFilter
{
    /// <summary>
    /// Averages the box down to cells of about <paramref name="cell"/> pixels and stretches it back
    /// smoothly, then pulls what is left most of the way to the box's average colour: the face
    /// keeps a soft outline but no features or contrast to recognise it by, at a fraction of the
    /// cost of a Gaussian kernel as large as the face.
    /// </summary>
    public static void Blur(Mat image, Rect box, int cell = 8)
    {
        ArgumentNullException.ThrowIfNull(image);
        box = Clamp(box, image.Width, image.Height);
        if (box.Width < 2 || box.Height < 2)
        {
            return;
        }

        using var region = new Mat(image, box);
        using var cells = new Mat();
        Cv2.Resize(region, cells, new Size(Math.Max(1, box.Width / cell), Math.Max(1, box.Height / cell)), 0, 0, InterpolationFlags.Area);
        Cv2.Resize(cells, region, new Size(box.Width, box.Height), 0, 0, InterpolationFlags.Linear);
        using var average = new Mat(region.Size(), region.Type(), Cv2.Mean(region));
        Cv2.AddWeighted(region, 0.35, average, 0.65, 0, region);
    }

    /// <summary>Replaces the box by square blocks of <paramref name="cell"/> pixels, each its own average colour.</summary>
    public static void Pixelate(Mat image, Rect box, int cell)
    {
        ArgumentNullException.ThrowIfNull(image);
        box = Clamp(box, image.Width, image.Height);
        if (box.Width < 1 || box.Height < 1)
        {
            return;
        }

        // Blocks start at the box's corner; the last row and column may be narrower.
        for (var y = box.Top; y < box.Bottom; y += cell)
        {
            for (var x = box.Left; x < box.Right; x += cell)
            {
                using var block = new Mat(image, new Rect(x, y, Math.Min(cell, box.Right - x), Math.Min(cell, box.Bottom - y)));
                var mean = Cv2.Mean(block);
                block.SetTo(new Scalar(Math.Round(mean.Val0), Math.Round(mean.Val1), Math.Round(mean.Val2), Math.Round(mean.Val3)));
            }
        }
    }

    /// <summary>Paints the box one solid colour (opaque where the image has alpha).</summary>
    public static void Fill(Mat image, Rect box, Scalar colour)
    {
        ArgumentNullException.ThrowIfNull(image);
        box = Clamp(box, image.Width, image.Height);
        if (box.Width < 1 || box.Height < 1)
        {
            return;
        }

        using var region = new Mat(image, box);
        region.SetTo(Colour(colour, image.Channels()));
    }

    /// <summary>A BGR colour in the image's channel layout: grey for one channel, opaque for four.</summary>
    public static Scalar Colour(Scalar bgr, int channels) => channels switch
    {
        1 => new Scalar(Math.Round((0.114 * bgr.Val0) + (0.587 * bgr.Val1) + (0.299 * bgr.Val2))),
        4 => new Scalar(bgr.Val0, bgr.Val1, bgr.Val2, 255),
        _ => new Scalar(bgr.Val0, bgr.Val1, bgr.Val2),
    };

    /// <summary>The part of <paramref name="r"/> inside a <paramref name="width"/> × <paramref name="height"/> image.</summary>
    public static Rect Clamp(Rect r, int width, int height)
    {
        var left = Math.Clamp(r.X, 0, width);
        var top = Math.Clamp(r.Y, 0, height);
        return new Rect(left, top, Math.Clamp(r.Right, 0, width) - left, Math.Clamp(r.Bottom, 0, height) - top);
    }
}
