using System.Buffers.Binary;

namespace Docket.Engine.Readers;

/// <summary>
/// Width and height from an image's header, read before anything decodes it: a small file can
/// claim billions of pixels (a decompression bomb), and such an image is refused.
/// </summary>
internal static class ImageSize
{
    public static void Check(ReadOnlySpan<byte> bytes, long maxPixels, string name)
    {
        if (Dimensions(bytes) is { } size && (long)size.Width * size.Height > maxPixels)
        {
            throw ExecutionFailedException.InvalidInput(
                $"{name} is {size.Width}×{size.Height} pixels; images of at most {maxPixels} pixels are read.");
        }
    }

    /// <summary>PNG and JPEG sizes; other formats are left to the OCR program's own limits.</summary>
    public static (int Width, int Height)? Dimensions(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 24 && bytes[0] == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G')
        {
            return ((int)BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]), (int)BinaryPrimitives.ReadUInt32BigEndian(bytes[20..]));
        }

        if (bytes.Length < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8)
        {
            return null;
        }

        // JPEG: walk the segments to a start-of-frame marker.
        var i = 2;
        while (i + 9 < bytes.Length)
        {
            if (bytes[i] != 0xFF)
            {
                return null;
            }

            var marker = bytes[i + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC))
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 5)..]));
            }

            i += 2 + length;
        }

        return null;
    }
}
