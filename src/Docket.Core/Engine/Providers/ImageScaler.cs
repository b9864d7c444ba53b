using Docket.Engine.Readers;
using SkiaSharp;

namespace Docket.Engine.Providers;

/// <summary>
/// Makes a picture fit for a vision model: decoded with SkiaSharp, scaled down so its longer side
/// is at most the provider's limit, and encoded as PNG (kept lossless for PNG sources: scans and
/// screenshots) or JPEG. A picture that already fits and is PNG or JPEG is sent as it is.
/// Encoding is deterministic, so the same input gives the same request bytes.
/// </summary>
public static class ImageScaler
{
    private const int JpegQuality = 90;

    /// <summary>A <c>data:</c> URL of the scaled picture, or null when SkiaSharp cannot decode it (TIFF, for one).</summary>
    public static string? ToDataUrl(byte[] bytes, int maxSide, long maxPixels, string name)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ImageSize.Check(bytes, maxPixels, name);
        using var codec = SKCodec.Create(new SKMemoryStream(bytes));
        if (codec is null)
        {
            return null;
        }

        var format = codec.EncodedFormat;
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (Math.Max(width, height) <= maxSide && format is SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg)
        {
            return DataUrl(format, bytes);
        }

        using var bitmap = SKBitmap.Decode(codec);
        if (bitmap is null)
        {
            return null;
        }

        var scale = Math.Min(1.0, (double)maxSide / Math.Max(width, height));
        var target = new SKImageInfo(Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)), bitmap.ColorType, bitmap.AlphaType);
        using var scaled = scale < 1 ? bitmap.Resize(target, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)) : null;
        var output = format == SKEncodedImageFormat.Png || bitmap.AlphaType is not SKAlphaType.Opaque ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg;
        using var data = (scaled ?? bitmap).Encode(output, JpegQuality);
        return DataUrl(output, data.ToArray());
    }

    private static string DataUrl(SKEncodedImageFormat format, byte[] bytes) =>
        $"data:{(format == SKEncodedImageFormat.Png ? "image/png" : "image/jpeg")};base64,{Convert.ToBase64String(bytes)}";
}
