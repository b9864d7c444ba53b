using Docket.Engine.Readers;
using Docket.Tools.Image;
using OpenCvSharp;

namespace Docket.Engine.Providers;

/// <summary>
/// Makes a picture fit for a vision model: decoded with OpenCV, scaled down (area averaging) so its
/// longer side is at most the provider's limit, and encoded as PNG (kept lossless for PNG sources
/// and pictures with alpha: scans, screenshots) or JPEG. A picture that already fits and is PNG or
/// JPEG is sent as it is. Encoding is deterministic, so the same input gives the same request.
/// </summary>
public static class ImageScaler
{
    private const int JpegQuality = 90;

    /// <summary>A <c>data:</c> URL of the scaled picture, or null when OpenCV cannot decode it.</summary>
    public static string? ToDataUrl(byte[] bytes, int maxSide, long maxPixels, string name)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ImageSize.Check(bytes, maxPixels, name);
        var png = bytes.AsSpan().StartsWith(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });
        var jpeg = bytes.AsSpan().StartsWith(new byte[] { 0xFF, 0xD8, 0xFF });
        using var image = Decode(bytes);
        if (image is null)
        {
            return null;
        }

        if (Math.Max(image.Width, image.Height) <= maxSide && (png || jpeg))
        {
            return DataUrl(png, bytes);
        }

        var scale = Math.Min(1.0, (double)maxSide / Math.Max(image.Width, image.Height));
        using var scaled = new Mat();
        if (scale < 1)
        {
            Cv2.Resize(image, scaled, new Size(Math.Max(1, (int)Math.Round(image.Width * scale)), Math.Max(1, (int)Math.Round(image.Height * scale))), 0, 0, InterpolationFlags.Area);
        }
        else
        {
            image.CopyTo(scaled);
        }

        var asPng = png || scaled.Channels() == 4;
        Cv2.ImEncode(asPng ? ".png" : ".jpg", scaled, out var encoded, asPng ? [] : [new ImageEncodingParam(ImwriteFlags.JpegQuality, JpegQuality)]);
        return DataUrl(asPng, encoded);
    }

    /// <summary>8-bit pixels as stored (alpha kept), or null for bytes OpenCV cannot read.</summary>
    private static Mat? Decode(byte[] bytes) =>
        ImageFile.Decode(() => Cv2.ImDecode(bytes, ImreadModes.Unchanged), "pictures for vision models") is { } image
            ? ImageFile.ToEightBit(image)
            : null;

    private static string DataUrl(bool png, byte[] bytes) =>
        $"data:{(png ? "image/png" : "image/jpeg")};base64,{Convert.ToBase64String(bytes)}";
}
