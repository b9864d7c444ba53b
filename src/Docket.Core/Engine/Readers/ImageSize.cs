using System.Buffers.Binary;

namespace Docket.Engine.Readers;

/// <summary>
/// Width and height from an image's header, read before anything decodes it: a small file can
/// claim billions of pixels (a decompression bomb), and such an image is refused. A TIFF may
/// hold many pages, each checked.
/// </summary>
internal static class ImageSize
{
    /// <summary>Refuses an image with a page of more than <paramref name="maxPixels"/> pixels.</summary>
    public static void Check(ReadOnlySpan<byte> bytes, long maxPixels, string name) => Check(bytes, maxPixels, int.MaxValue, name);

    /// <summary>
    /// Refuses an image with a page of more than <paramref name="maxPixels"/> pixels, or a
    /// multi-page TIFF of more than <paramref name="maxPages"/> pages; the number of pages.
    /// </summary>
    public static int Check(ReadOnlySpan<byte> bytes, long maxPixels, int maxPages, string name)
    {
        var pages = Pages(bytes);
        if (pages.Count > maxPages)
        {
            throw ExecutionFailedException.InvalidInput($"{name} has {pages.Count} pages; at most {maxPages} pages are read per document.");
        }

        foreach (var (width, height) in pages)
        {
            if (width <= 0 || height <= 0)
            {
                throw ExecutionFailedException.InvalidInput($"{name} claims a size of {width}×{height} pixels in its header; it is not a readable image.");
            }

            if ((long)width * height > maxPixels)
            {
                throw ExecutionFailedException.InvalidInput(
                    $"{name} is {width}×{height} pixels; images of at most {maxPixels} pixels are read.");
            }
        }

        return Math.Max(pages.Count, 1);
    }

    /// <summary>PNG, JPEG, GIF, BMP, WebP and TIFF sizes (the first page of a TIFF); null for other formats.</summary>
    public static (int Width, int Height)? Dimensions(ReadOnlySpan<byte> bytes) => Pages(bytes) is [var first, ..] ? first : null;

    /// <summary>The size of every page the header declares; empty when the format is not known here.</summary>
    private static List<(int Width, int Height)> Pages(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 24 && bytes[0] == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G')
        {
            return [(Int(BinaryPrimitives.ReadUInt32BigEndian(bytes[16..])), Int(BinaryPrimitives.ReadUInt32BigEndian(bytes[20..])))];
        }

        if (bytes.Length >= 10 && bytes[0] == 'G' && bytes[1] == 'I' && bytes[2] == 'F')
        {
            return [(BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]), BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]))];
        }

        if (bytes.Length >= 26 && bytes[0] == 'B' && bytes[1] == 'M')
        {
            // Height is negative for top-down bitmaps.
            return [(Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(bytes[18..])), Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(bytes[22..])))];
        }

        if (bytes.Length >= 30 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return WebP(bytes) is { } webp ? [webp] : [];
        }

        if (TiffPages.IsTiff(bytes))
        {
            return Tiff(bytes);
        }

        return Jpeg(bytes) is { } jpeg ? [jpeg] : [];
    }

    private static int Int(uint value) => value > int.MaxValue ? int.MaxValue : (int)value;

    private static (int, int)? Jpeg(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8)
        {
            return null;
        }

        // Walk the segments to a start-of-frame marker.
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

    private static (int, int)? WebP(ReadOnlySpan<byte> bytes)
    {
        var chunk = bytes[12..16];
        var data = bytes[20..];
        if (chunk.SequenceEqual("VP8X"u8))
        {
            return (1 + (data[4] | data[5] << 8 | data[6] << 16), 1 + (data[7] | data[8] << 8 | data[9] << 16));
        }

        if (chunk.SequenceEqual("VP8L"u8) && data[0] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[1..]);
            return (1 + (int)(bits & 0x3FFF), 1 + (int)((bits >> 14) & 0x3FFF));
        }

        if (chunk.SequenceEqual("VP8 "u8) && data[3] == 0x9D && data[4] == 0x01 && data[5] == 0x2A)
        {
            return (BinaryPrimitives.ReadUInt16LittleEndian(data[6..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(data[8..]) & 0x3FFF);
        }

        return null;
    }

    private static List<(int, int)> Tiff(ReadOnlySpan<byte> bytes) =>
        TiffPages.Directories(bytes).Select(d => (d.Width, d.Height)).ToList();
}
