using OpenCvSharp;

namespace Docket.Tools.Image;

/// <summary>Turns images: quarter turns exactly (pixels moved, not resampled), other angles on a canvas grown to hold the whole image.</summary>
internal static class Rotation
{
    /// <summary>Turns <paramref name="image"/> clockwise by <paramref name="degrees"/>; uncovered corners get <paramref name="background"/>.</summary>
    public static Mat Rotate(Mat image, double degrees, Scalar background)
    {
        var turn = ((degrees % 360) + 360) % 360;
        var rotated = new Mat();
        switch (turn)
        {
            case 0:
                image.CopyTo(rotated);
                return rotated;
            case 90:
                Cv2.Rotate(image, rotated, RotateFlags.Rotate90Clockwise);
                return rotated;
            case 180:
                Cv2.Rotate(image, rotated, RotateFlags.Rotate180);
                return rotated;
            case 270:
                Cv2.Rotate(image, rotated, RotateFlags.Rotate90Counterclockwise);
                return rotated;
        }

        // OpenCV turns counter-clockwise for positive angles.
        var centre = new Point2f(image.Width / 2f, image.Height / 2f);
        using var matrix = Cv2.GetRotationMatrix2D(centre, -degrees, 1.0);
        var radians = degrees * Math.PI / 180;
        var (cos, sin) = (Math.Abs(Math.Cos(radians)), Math.Abs(Math.Sin(radians)));
        var width = (int)Math.Ceiling((image.Width * cos) + (image.Height * sin) - 1e-9);
        var height = (int)Math.Ceiling((image.Width * sin) + (image.Height * cos) - 1e-9);
        matrix.Set(0, 2, matrix.At<double>(0, 2) + ((width - image.Width) / 2.0));
        matrix.Set(1, 2, matrix.At<double>(1, 2) + ((height - image.Height) / 2.0));
        Cv2.WarpAffine(image, rotated, matrix, new Size(width, height), InterpolationFlags.Cubic, BorderTypes.Constant, RegionFilter.Colour(background, image.Channels()));
        return rotated;
    }
}
