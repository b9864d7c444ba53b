using Docket.Engine;
using Docket.Engine.Readers;
using OpenCvSharp;

namespace Docket.Tools.Image;

/// <summary>
/// Reads and writes the images tools work on. Pixels are kept as stored (channels, alpha, no
/// EXIF turn), and output is PNG, so whatever a tool does not touch stays bit-identical.
/// </summary>
public static class ImageFile
{
    /// <summary>
    /// Decodes an image file, refusing one whose header claims more than <paramref name="maxPixels"/>
    /// before anything is decoded. 16-bit images come back as 8-bit.
    /// </summary>
    public static Mat Read(string path, long maxPixels, string name)
    {
        ArgumentNullException.ThrowIfNull(path);
        Span<byte> header = stackalloc byte[64 * 1024];
        int read;
        using (var stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }

        ImageSize.Check(header[..read], maxPixels, name);
        var image = Decode(() => Cv2.ImRead(path, ImreadModes.Unchanged), "the image tools")
            ?? throw ExecutionFailedException.InvalidInput($"{name} is not an image (PNG, JPEG, TIFF, WebP, BMP) that can be decoded.");
        if ((long)image.Width * image.Height > maxPixels)
        {
            image.Dispose();
            throw ExecutionFailedException.InvalidInput($"{name} has more than {maxPixels} pixels.");
        }

        return ToEightBit(image);
    }

    /// <summary>
    /// Runs an OpenCV decode: null when it read nothing, <c>tool_error</c> naming the missing
    /// package when OpenCV itself cannot be loaded (<paramref name="users"/> says who needs it).
    /// </summary>
    internal static Mat? Decode(Func<Mat> decode, string users)
    {
        Mat image;
        try
        {
            image = decode();
        }
        catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException)
        {
            throw ExecutionFailedException.ToolError($"OpenCV could not be loaded ({ex.GetBaseException().Message}); {users} need the libgtk-3-0 package.", ex);
        }

        if (image.Empty())
        {
            image.Dispose();
            return null;
        }

        return image;
    }

    /// <summary>The image with 8-bit channels (16-bit scaled down), the same one when it already is.</summary>
    internal static Mat ToEightBit(Mat image)
    {
        if (image.Depth() == MatType.CV_8U)
        {
            return image;
        }

        var eight = new Mat();
        image.ConvertTo(eight, MatType.MakeType(MatType.CV_8U, image.Channels()), image.Depth() == MatType.CV_16U ? 1.0 / 257 : 1.0);
        image.Dispose();
        return eight;
    }

    /// <summary>
    /// Writes <paramref name="image"/> as PNG (lossless, so untouched pixels stay identical), at
    /// zlib level 1 with run-length matching only: photos rarely repeat long strings after PNG's
    /// row filters, so the full match search costs time and saves little size.
    /// </summary>
    public static void WritePng(Mat image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!Cv2.ImWrite(path, image, new ImageEncodingParam(ImwriteFlags.PngCompression, 1), new ImageEncodingParam(ImwriteFlags.PngStrategy, (int)ImwritePNGFlags.StrategyRLE)))
        {
            throw ExecutionFailedException.ToolError($"The image could not be written as PNG ({image.Width}x{image.Height}, {image.Channels()} channels).");
        }
    }

    /// <summary>A single-channel 8-bit copy of a grey, BGR or BGRA image.</summary>
    public static Mat ToGray(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var gray = new Mat();
        switch (image.Channels())
        {
            case 1:
                image.CopyTo(gray);
                break;
            case 3:
                Cv2.CvtColor(image, gray, ColorConversionCodes.BGR2GRAY);
                break;
            case 4:
                Cv2.CvtColor(image, gray, ColorConversionCodes.BGRA2GRAY);
                break;
            default:
                gray.Dispose();
                throw ExecutionFailedException.InvalidInput($"Images with {image.Channels()} channels are not supported.");
        }

        return gray;
    }
}
